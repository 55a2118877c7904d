import { purposeId, RandomStreams, type RootSeed, uniformInt } from '../rng/index.js';
import { MetricsError } from './metrics-error.js';
import { USER_COLUMNS, type UserTotals } from './user-totals.js';

/** What the bootstrap reports per policy and as challenger − champion. */
export const BOOTSTRAP_METRICS = ['spend', 'wins', 'conversions', 'revenue', 'predictedRevenue', 'roas', 'roi', 'predictedRoi', 'cpa'] as const;
export type BootstrapMetric = (typeof BOOTSTRAP_METRICS)[number];
/** What is also reported as a relative change, challenger ÷ champion − 1 (ROI, which can cross 0, is not). */
export const CHANGE_METRICS = ['spend', 'wins', 'conversions', 'revenue', 'predictedRevenue', 'roas', 'cpa'] as const;
export type ChangeMetric = (typeof CHANGE_METRICS)[number];

export interface UserBootstrapOptions {
  /** Index (in the UserTotals' policies) of the policy in place. */
  readonly champion: number;
  /** Index of the policy that would replace it. */
  readonly challenger: number;
  /** Root seed of the resampling; the draws come from its stream 'bootstrap'. */
  readonly seed: RootSeed;
  /** Resamples. Default 1000. */
  readonly resamples?: number;
  /** Random groups the active users are pooled into before resampling (see userBootstrap). Default 10,000. */
  readonly buckets?: number;
  /**
   * The user keys are 0 … users − 1: everyone the sample stands for (the run's population),
   * including those with nothing recorded. Default: the UserTotals' userCount.
   */
  readonly users?: number;
}

type Table<K extends string, V> = { readonly [k in K]: V };

/** Point estimates (from the data as recorded) and the sorted bootstrap replicates of each figure. */
export interface UserBootstrap {
  readonly method: 'poisson-user-groups';
  readonly seed: RootSeed;
  readonly resamples: number;
  readonly buckets: number;
  readonly users: number;
  /** Users with anything recorded for either policy. */
  readonly activeUsers: number;
  readonly champion: string;
  readonly challenger: string;
  readonly estimate: BootstrapFigures<number>;
  /** Ascending; replicates where a ratio is undefined (0 ÷ 0) are left out. */
  readonly replicates: BootstrapFigures<Float64Array>;
}

export interface BootstrapFigures<V> {
  readonly champion: Table<BootstrapMetric, V>;
  readonly challenger: Table<BootstrapMetric, V>;
  /** Challenger − champion. */
  readonly difference: Table<BootstrapMetric, V>;
  /** Challenger ÷ champion − 1. */
  readonly change: Table<ChangeMetric, V>;
}

const GROUP = purposeId('bootstrap/user-group');
const WEIGHTS = purposeId('bootstrap/group-weights');
const C = USER_COLUMNS.length;
const [SPEND, WINS, CONVERSIONS, REVENUE, PREDICTED] = [0, 1, 2, 3, 4];

/**
 * Poisson(1) weights by inversion of 16 random bits through a table: POISSON1_OF[x] is the
 * smallest k with x < ⌊P(X ≤ k) · 2^16⌋. One uint32 draw gives two weights. The probabilities are
 * exact to 2^-16, far inside the Monte Carlo error of any practical number of resamples, and the
 * table makes a weight one load instead of a search.
 */
const POISSON1_OF: Uint8Array = (() => {
  const table = new Uint8Array(65536);
  let p = Math.exp(-1), cdf = p, k = 0;
  for (let x = 0; x < 65536; x++) {
    while (x >= Math.floor(cdf * 65536)) { k++; p /= k; cdf += p; }
    table[x] = k;
  }
  return table;
})();

/**
 * A paired bootstrap over users of the champion's and the challenger's totals and of the
 * challenger − champion differences. A user's impressions are correlated (the same person, the
 * same propensity), so users, not auctions, are resampled.
 *
 * Method (a Poisson bootstrap over random groups of users):
 * - Every user key 0 … users − 1 goes into one of `buckets` groups, picked by a keyed draw of the
 *   key; a group's figures are the sums of its users'. Groups of randomly assigned users are
 *   independent and identically distributed just like users, so resampling groups is a valid
 *   bootstrap over users, and the cost is O(users + buckets × resamples) instead of
 *   O(users × resamples); with buckets ≥ users each user is its own group (the plain Poisson
 *   bootstrap over users). Users with nothing recorded must be grouped too: groups of active
 *   users only would all lean the same way from the population mean and overstate the spread of
 *   totals (the coverage test catches it). With fewer users than buckets most groups hold one.
 * - Each group gets a weight ~ Poisson(1) per resample, drawn counter-based from (seed, group,
 *   resample): the same weight for both policies, which pairs them where both saw the user
 *   (parallel worlds); in a traffic split a user has data for one policy only and the same rule
 *   resamples the two arms independently. Poisson weights rather than multinomial counts because
 *   they are independent across groups: no draw depends on how many groups there are or in which
 *   order they are visited.
 * - Totals are scaled by users ÷ Σ weights, which gives them the spread of resampling exactly
 *   `users` users (the multinomial bootstrap) rather than a Poisson number of them; ratios (ROAS,
 *   ROI, CPA, changes) do not depend on the scale.
 */
export function userBootstrap(totals: UserTotals, options: UserBootstrapOptions): UserBootstrap {
  const { champion, challenger } = options;
  const resamples = options.resamples ?? 1000;
  const buckets = options.buckets ?? 10_000;
  const users = options.users ?? totals.userCount;
  const n = totals.policies.length;
  for (const [name, i] of [['champion', champion], ['challenger', challenger]] as const) {
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw bad(`${name} index ${i} is not one of 0..${n - 1}`);
  }
  if (!(Number.isInteger(resamples) && resamples >= 2)) throw bad(`resamples must be an integer >= 2, got ${resamples}`);
  if (!(Number.isInteger(buckets) && buckets >= 1 && buckets <= 2 ** 24)) throw bad(`buckets must be an integer in 1..2^24, got ${buckets}`);
  if (!(Number.isSafeInteger(users) && users >= totals.userCount)) {
    throw bad(`users must be an integer >= the highest user key + 1 (${totals.userCount}), got ${users}`);
  }

  const M = 2 * C;
  const draws = new RandomStreams(options.seed).stream('bootstrap').draws();
  // With at least as many buckets as users, every user is its own group: the plain Poisson bootstrap.
  const groups = Math.min(buckets, users);
  const groupSums = new Float64Array(groups * M);
  const groupUsers = new Float64Array(groups);
  const row = new Float64Array(M);
  const plain = new Float64Array(M);
  let active = 0;
  for (let u = 0; u < users; u++) {
    const g = groups === users ? u : uniformInt(draws.reset(u, GROUP), 0, groups - 1);
    groupUsers[g] += 1;
    if (u >= totals.userCount) continue;
    totals.readRow(champion, u, row, 0);
    totals.readRow(challenger, u, row, C);
    let any = false;
    for (let m = 0; m < M; m++) if (row[m] !== 0) { any = true; groupSums[g * M + m] += row[m]!; plain[m] += row[m]!; }
    if (any) active++;
  }

  // Figure-major (figure × resamples), so each of a group's non-zero figures is one tight pass.
  const sums = new Float64Array(M * resamples);
  // One spare slot each: weights are drawn in pairs, so an odd count writes one past the end.
  const weightSums = new Float64Array(resamples + 1);
  const weights = new Float64Array(resamples + 1);
  for (let g = 0; g < groups; g++) {
    const size = groupUsers[g]!;
    if (size === 0) continue;
    draws.reset(g, WEIGHTS);
    for (let b = 0; b < resamples; b += 2) {
      const x = draws.nextUint32();
      const w0 = POISSON1_OF[x & 0xffff]!, w1 = POISSON1_OF[x >>> 16]!;
      weights[b] = w0;
      weights[b + 1] = w1;
      weightSums[b] += w0 * size;
      weightSums[b + 1] += w1 * size;
    }
    for (let m = 0; m < M; m++) {
      const v = groupSums[g * M + m]!;
      if (v === 0) continue;
      const at = m * resamples;
      for (let b = 0; b < resamples; b++) sums[at + b] += weights[b]! * v;
    }
  }

  const estimate = figuresOf(plain, 1);
  const columns = emptyFigures(resamples);
  const resample = new Float64Array(M);
  for (let b = 0; b < resamples; b++) {
    for (let m = 0; m < M; m++) resample[m] = sums[m * resamples + b]!;
    const f = figuresOf(resample, weightSums[b]! > 0 ? users / weightSums[b]! : NaN);
    for (const side of ['champion', 'challenger', 'difference'] as const) {
      for (const m of BOOTSTRAP_METRICS) columns[side][m]![b] = f[side][m];
    }
    for (const m of CHANGE_METRICS) columns.change[m]![b] = f.change[m];
  }
  const sorted = (t: Record<string, Float64Array>) =>
    Object.fromEntries(Object.entries(t).map(([k, v]) => [k, sortDefined(v)]));
  return {
    method: 'poisson-user-groups',
    seed: options.seed,
    resamples,
    buckets,
    users,
    activeUsers: active,
    champion: totals.policies[champion]!,
    challenger: totals.policies[challenger]!,
    estimate,
    replicates: {
      champion: sorted(columns.champion) as Table<BootstrapMetric, Float64Array>,
      challenger: sorted(columns.challenger) as Table<BootstrapMetric, Float64Array>,
      difference: sorted(columns.difference) as Table<BootstrapMetric, Float64Array>,
      change: sorted(columns.change) as Table<ChangeMetric, Float64Array>,
    },
  };
}

/** The figures of one resample from its weighted column sums, totals multiplied by `scale`. */
function figuresOf(s: Float64Array, scale: number): BootstrapFigures<number> {
  const policy = (o: number): Table<BootstrapMetric, number> => {
    const spend = s[o + SPEND]! * scale, revenue = s[o + REVENUE]! * scale;
    const conversions = s[o + CONVERSIONS]! * scale, predictedRevenue = s[o + PREDICTED]! * scale;
    const roas = revenue / spend;
    return {
      spend, wins: s[o + WINS]! * scale, conversions, revenue, predictedRevenue,
      roas, roi: roas - 1, predictedRoi: predictedRevenue / spend - 1, cpa: spend / conversions,
    };
  };
  const champion = policy(0), challenger = policy(C);
  const difference = Object.fromEntries(BOOTSTRAP_METRICS.map((m) => [m, challenger[m] - champion[m]])) as Table<BootstrapMetric, number>;
  const change = Object.fromEntries(CHANGE_METRICS.map((m) => [m, challenger[m] / champion[m] - 1])) as Table<ChangeMetric, number>;
  return { champion, challenger, difference, change };
}

function emptyFigures(b: number): { [S in keyof BootstrapFigures<unknown>]: Record<string, Float64Array> } {
  const table = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, new Float64Array(b)]));
  return { champion: table(BOOTSTRAP_METRICS), challenger: table(BOOTSTRAP_METRICS), difference: table(BOOTSTRAP_METRICS), change: table(CHANGE_METRICS) };
}

function sortDefined(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) values[n++] = values[i]!;
  return values.slice(0, n).sort();
}

function bad(message: string): MetricsError {
  return new MetricsError('METRICS_BAD_ARGUMENT', message, 'userBootstrap');
}
