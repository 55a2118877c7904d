import { distributionMean } from '../rng/index.js';
import type { OpportunityTruth } from '../domain/index.js';
import type { Scenario } from '../scenario/index.js';
import { AD_FORMATS } from './ad-formats.js';
import type { Population } from './population.js';

/** Expected USD of one purchase for a re-engagement campaign, which names no purchaseValue. */
export const DEFAULT_PURCHASE_VALUE_USD = 10;
/** Users the calibration looks at, at most (an even stride through the population). */
const CALIBRATION_SAMPLE = 50_000;

/**
 * The true response model of the synthetic world: what the oracle knows and models learn.
 *
 * Features of user u, standardised over the users they describe, Z(x) = (x − mean) / sd:
 *   A = Z(ln activity)                         activity in the last month          (group 1)
 *   O = Z(ln(1 + appOpensPerWeek))             app-open rate                        (group 2)
 *   E = Z(ln(1 + inAppEvents30d))              in-app activity                      (group 2)
 *   I = Z(ln(1 + installs90d))                 apps installed lately                (group 4)
 *   L = Z(ln(1 + lapsedDays))                  time since the last app open         (group 5)
 *   P = Z(payer), D = Z(ln(1 + daysSinceLastPurchase)) for payers, 0 otherwise        (group 5)
 *   g_k  = −ln(market.floors.countryMultipliers[k]): cheaper markets click more      (group 3)
 *   m_uc = 1 if category c of the publisher app is among the user's recent installs (groups 3, 4)
 *   ε_u ~ N(0, 1), the hidden responsiveness no feature sees;
 *   r = √signal, q = √(1 − signal), σ(x) = 1 / (1 + e^−x), std(x) = x standardised.
 *
 *   P(click | u, c, f)         = σ(β_f  + 0.8·(r·std(0.6·I + 0.3·O − 0.3·A) + q·ε_u) + r·(0.7·m_uc + 0.3·g_k))
 *   P(re-engage | click)       = σ(β_re + 1.0·(r·S_u + q·ε_u)),  S_u = std(0.8·O + 0.4·E − 0.9·L + 0.3·P)
 *   P(view-through | no click) = σ(β_vt + 1.0·(r·S_u + q·ε_u))
 *   P(purchase | re-engage)    = σ(β_pu + 1.2·(r·std(0.4·E + 0.2·O + 0.8·P − 0.3·D) + q·ε_u))
 *   E[revenue | purchase]      = V · exp(0.4·(r·std(E + P) + q·ε_u)) / N    (expectedPurchaseValue)
 *
 * expectedPurchaseValue is the revenue of a re-engagement that leads to purchases, all of them
 * together (src/attribution splits it over repeat purchases), so E[revenue | re-engagement] =
 * pPurchaseGivenReengage × expectedPurchaseValue.
 * Re-engagement, view-through and purchase are for members of a campaign (users with its app);
 * a non-member has no app to open, so they are 0. V is the mean of the campaign's purchaseValue
 * (DEFAULT_PURCHASE_VALUE_USD for re-engagement campaigns). The intercepts β and the norm N are
 * solved by bisection so that the traffic-weighted means (users weighted by activity, as the
 * traffic picks them; publisher categories by their Zipf traffic share) equal the scenario's
 * world.response values: mean P(click) of format f = ctr[f] over all users, and over members
 * mean P(re-engage) = reengageAfterClick, mean P(view-through) = viewThroughRate, mean
 * P(purchase) = purchaseAfterReengage, mean value multiplier = 1. With signal 0 everything but
 * the format is the hidden ε (nothing to learn); with signal 1, ε plays no part.
 */
export class TruthModel {
  /** β_f by format index (AD_FORMATS). */
  readonly clickIntercept: Float64Array;
  /** Everything in the click logit but β_f and the category match, per user. */
  readonly clickBase: Float32Array;
  /** Added to the click logit when the publisher category is among the user's installs. */
  readonly categoryMatch: number;
  readonly pReengage: Float32Array;
  readonly pViewThrough: Float32Array;
  readonly pPurchase: Float32Array;
  readonly purchaseValue: Float32Array;

  constructor(scenario: Scenario, readonly population: Population, categoryTrafficShare: Float64Array) {
    const pop = population;
    const n = pop.size;
    const { response } = scenario.world;
    const r = Math.sqrt(response.signal);
    const q = Math.sqrt(1 - response.signal);
    const members = (u: number) => pop.campaign[u] >= 0;
    const all = () => true;
    const payers = (u: number) => pop.payer[u] === 1;
    const A = standardise(n, (u) => Math.log(pop.activity[u]), all);
    const O = standardise(n, (u) => Math.log1p(pop.appOpensPerWeek[u]), all);
    const E = standardise(n, (u) => Math.log1p(pop.inAppEvents30d[u]), all);
    const I = standardise(n, (u) => Math.log1p(pop.installs90d[u]), all);
    const L = standardise(n, (u) => Math.log1p(pop.lapsedDays[u]), members);
    const P = standardise(n, (u) => pop.payer[u], all);
    const D = standardise(n, (u) => Math.log1p(pop.daysSinceLastPurchase[u]), payers);
    const clickScore = standardise(n, (u) => 0.6 * I[u] + 0.3 * O[u] - 0.3 * A[u], all);
    const reengageScore = standardise(n, (u) => 0.8 * O[u] + 0.4 * E[u] - 0.9 * L[u] + 0.3 * P[u], members);
    const purchaseScore = standardise(n, (u) => 0.4 * E[u] + 0.2 * O[u] + 0.8 * P[u] - 0.3 * D[u], members);
    const valueScore = standardise(n, (u) => E[u] + P[u], members);
    const countryEffect = pop.countryCodes.map((code) => {
      const multiplier = (scenario.market.floors.countryMultipliers as Partial<Record<string, number>>)[code] ?? 1;
      return -Math.log(multiplier);
    });

    this.categoryMatch = 0.7 * r;
    this.clickBase = new Float32Array(n);
    const reengageLogit = new Float64Array(n);
    const purchaseLogit = new Float64Array(n);
    const valueLogit = new Float64Array(n);
    for (let u = 0; u < n; u++) {
      const eps = pop.latent[u];
      this.clickBase[u] = 0.8 * (r * clickScore[u] + q * eps) + 0.3 * r * countryEffect[pop.country[u]];
      reengageLogit[u] = r * reengageScore[u] + q * eps;
      purchaseLogit[u] = 1.2 * (r * purchaseScore[u] + q * eps);
      valueLogit[u] = 0.4 * (r * valueScore[u] + q * eps);
    }

    // The calibration sample: an even stride, users weighted by activity as the traffic picks them.
    const stride = Math.max(1, Math.ceil(n / CALIBRATION_SAMPLE));
    const sample: number[] = [];
    for (let u = 0; u < n; u += stride) sample.push(u);
    const memberSample = sample.filter(members);
    const weight = (u: number) => pop.activity[u];

    const matchShare = new Float64Array(n);
    for (const u of sample) {
      let share = 0;
      for (let mask = pop.installedCategories[u], c = 0; mask !== 0; mask >>>= 1, c++) if (mask & 1) share += categoryTrafficShare[c];
      matchShare[u] = share;
    }
    const match = this.categoryMatch;
    const clickUsers = calibrationUsers(sample, weight, (u) => this.clickBase[u], (u) => matchShare[u]);
    this.clickIntercept = Float64Array.from(AD_FORMATS, (format) => solveIntercept(response.ctr[format], clickUsers, match));
    const reengageUsers = calibrationUsers(memberSample, weight, (u) => reengageLogit[u], () => 0);
    const betaRe = solveIntercept(response.reengageAfterClick, reengageUsers, NaN);
    const betaVt = solveIntercept(response.viewThroughRate, reengageUsers, NaN);
    const betaPu = solveIntercept(response.purchaseAfterReengage, calibrationUsers(memberSample, weight, (u) => purchaseLogit[u], () => 0), NaN);
    let valueNorm = 0;
    let weightSum = 0;
    for (const u of memberSample) {
      valueNorm += weight(u) * Math.exp(valueLogit[u]);
      weightSum += weight(u);
    }
    valueNorm = weightSum > 0 ? valueNorm / weightSum : 1;
    const campaignValue = scenario.campaigns.map((c) =>
      c.purchaseValue === undefined ? DEFAULT_PURCHASE_VALUE_USD : distributionMean(c.purchaseValue),
    );

    this.pReengage = new Float32Array(n);
    this.pViewThrough = new Float32Array(n);
    this.pPurchase = new Float32Array(n);
    this.purchaseValue = new Float32Array(n);
    for (let u = 0; u < n; u++) {
      const c = pop.campaign[u];
      if (c < 0) continue;
      this.pReengage[u] = sigmoid(betaRe + reengageLogit[u]);
      this.pViewThrough[u] = sigmoid(betaVt + reengageLogit[u]);
      this.pPurchase[u] = sigmoid(betaPu + purchaseLogit[u]);
      this.purchaseValue[u] = (campaignValue[c] * Math.exp(valueLogit[u])) / valueNorm;
    }
  }

  /** True P(click) of user `u` on a publisher app of category index `category` (APP_CATEGORIES) in format `format` (AD_FORMATS). */
  pClick(u: number, category: number, format: number): number {
    return this.clickProbability(this.clickBase[u], this.population.installedCategories[u], category, format);
  }

  /** {@link pClick} from a user's `clickBase` and `installedCategories` as read from a copy of them (see UserRecords). */
  clickProbability(clickBase: number, installedCategories: number, category: number, format: number): number {
    const match = (installedCategories >>> category) & 1;
    return sigmoid(this.clickIntercept[format] + clickBase + match * this.categoryMatch);
  }

  /** The ground truth of one impression of user `u` on an app of `category` in `format` (a fresh object). */
  truth(u: number, category: number, format: number): OpportunityTruth {
    return {
      userIndex: u,
      campaignIndex: this.population.campaign[u],
      pClick: this.pClick(u, category, format),
      pReengageGivenClick: this.pReengage[u],
      pViewThrough: this.pViewThrough[u],
      pPurchaseGivenReengage: this.pPurchase[u],
      expectedPurchaseValue: this.purchaseValue[u],
    };
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** (x − mean) / sd over the users `include` accepts; 0 for the others and when sd is 0. */
function standardise(n: number, x: (u: number) => number, include: (u: number) => boolean): Float64Array {
  const out = new Float64Array(n);
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  for (let u = 0; u < n; u++) {
    if (!include(u)) continue;
    const v = x(u);
    out[u] = v;
    count++;
    sum += v;
    sumSq += v * v;
  }
  const mean = count > 0 ? sum / count : 0;
  const sd = count > 1 ? Math.sqrt(Math.max(0, sumSq / count - mean * mean)) : 0;
  for (let u = 0; u < n; u++) out[u] = include(u) && sd > 0 ? (out[u] - mean) / sd : 0;
  return out;
}

/**
 * The calibration sample as solveIntercept reads it: each user's weight, the rest of its logit
 * (to which β is added) and, for the click, the traffic share of its matching categories.
 * Copied into arrays once, so the bisection's 60 passes run without a function call per user.
 */
interface CalibrationUsers {
  readonly weight: Float64Array;
  readonly logit: Float64Array;
  readonly matchShare: Float64Array;
}

function calibrationUsers(users: readonly number[], weight: (u: number) => number, logit: (u: number) => number, matchShare: (u: number) => number): CalibrationUsers {
  return {
    weight: Float64Array.from(users, weight),
    logit: Float64Array.from(users, logit),
    matchShare: Float64Array.from(users, matchShare),
  };
}

/**
 * The β for which the weighted mean of p(u, β) over `users` is `target`, by bisection (the mean
 * is increasing in β). p(u, β) = σ(β + logit_u), or for the click, with `match` a number,
 * matchShare_u · σ(β + logit_u + match) + (1 − matchShare_u) · σ(β + logit_u). A target of 0 or
 * 1 gives ∓Infinity: a probability that is exactly 0 or 1.
 */
function solveIntercept(target: number, users: CalibrationUsers, match: number): number {
  if (target <= 0) return -Infinity;
  if (target >= 1) return Infinity;
  const { weight, logit, matchShare } = users;
  const n = weight.length;
  if (n === 0) return Math.log(target / (1 - target));
  const click = match === match;
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i]!;
  let lo = -40;
  let hi = 40;
  for (let iteration = 0; iteration < 60; iteration++) {
    const mid = (lo + hi) / 2;
    let mean = 0;
    if (click) {
      for (let i = 0; i < n; i++) {
        const x = mid + logit[i]!;
        mean += weight[i]! * (matchShare[i]! * sigmoid(x + match) + (1 - matchShare[i]!) * sigmoid(x));
      }
    } else {
      for (let i = 0; i < n; i++) mean += weight[i]! * sigmoid(mid + logit[i]!);
    }
    if (mean / total < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
