import { AttributionStage, type AttributionEvent, trueConversionProbability } from '../attribution/index.js';
import { Bidder, bidderCampaign, checkModelFeatures, type ConversionEstimate, NUM_FEATURES, writeFeatures } from '../engine/index.js';
import type { CompetitorBids } from '../domain/index.js';
import { type ArrowColumn, ArrowTableWriter } from '../io/arrow/index.js';
import type { MutableAuctionResult } from '../market/index.js';
import { AucAccumulator, CalibrationAccumulator, PolicyMetrics, type PolicySummary, SavingsAccumulator, type SavingsSummary, type CalibrationReport } from '../metrics/index.js';
import { loadModelFile, type Predictor } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';
import type { TrafficItem } from '../world/index.js';
import type { ComparisonCollector } from './comparison-collector.js';
import { ModelScores } from './model-scores.js';
import { emptyProfile } from './population-profiles.js';
import { buildScenarioWorld, campaignValues, startEpochSeconds } from './scenario-world.js';
import type { RunProgress } from './run-progress.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Only these policies (by name); default all. */
  readonly policies?: ReadonlyArray<string>;
  /** Per-auction events as an Arrow IPC file here; none when absent. */
  readonly eventsPath?: string;
  /** Stop after this many opportunities (tests, previews). */
  readonly maxOpportunities?: number;
  /** Called every `progressEvery` opportunities with live figures. */
  readonly onProgress?: (p: Omit<RunProgress, 'rate' | 'etaSeconds'>) => void;
  readonly progressEvery?: number;
  /** Collects per-user, per-segment, timeline and calibration figures for `bidlab compare`; none when absent. */
  readonly comparison?: ComparisonCollector;
  /**
   * A traffic split (an A/B rollout): these policies (by name) divide the matched users between
   * them by a keyed hash of the user, in proportion to their `split` weights, and the campaigns'
   * budgets in the same proportion; each sees only its own users' requests. The other policies
   * (reference policies) still see every request. Default: no split (parallel worlds).
   */
  readonly split?: ReadonlyArray<string>;
}

export interface PolicyResult extends PolicySummary {
  readonly kind: string;
  readonly noBids: Readonly<Record<string, number>>;
  /** Against the baseline (bid-everything); absent for the baseline itself or without one. */
  readonly savings?: SavingsSummary;
  /** How well the policy's P(conversion) ranks and matches what happened (model and oracle policies). */
  readonly quality?: { readonly auc: number; readonly calibration: Omit<CalibrationReport, 'bins'> };
}

export interface RunSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly opportunities: number;
  readonly matchedOpportunities: number;
  readonly days: number;
  readonly baseline: string | undefined;
  readonly champion: string | undefined;
  readonly policies: ReadonlyArray<PolicyResult>;
}

/** Purposes of the 'sampling' stream's draws, keyed by opportunity id. */
const SAMPLE_QUALITY = 0;
const SAMPLE_EVENTS = 1;
/** Opportunities read ahead of the one being decided: their users are looked up and their rows scored together. */
const BATCH = 64;

type Outcome = ReturnType<AttributionStage['outcome']>;

/** A probability computed at most once per opportunity, on first demand. */
class RowScore implements ConversionEstimate {
  private value = NaN;
  private done = false;
  readonly valuePerConversion?: () => number;
  constructor(private readonly compute: () => number, value?: () => number) {
    if (value) this.valuePerConversion = value;
  }
  reset(): void { this.done = false; }
  pConversion(): number {
    if (!this.done) { this.value = this.compute(); this.done = true; }
    return this.value;
  }
}

const EVENT_COLUMNS: ArrowColumn[] = [
  { name: 'opportunity_id', type: 'int32' }, { name: 'time', type: 'float64' }, { name: 'policy', type: 'string' },
  { name: 'campaign', type: 'int32' }, { name: 'floor_cpm', type: 'float64' }, { name: 'p_conversion', type: 'float64' },
  { name: 'bid', type: 'bool' }, { name: 'bid_cpm', type: 'float64' }, { name: 'nbr', type: 'int32' },
  { name: 'won', type: 'bool' }, { name: 'paid_cpm', type: 'float64' }, { name: 'highest_competitor_cpm', type: 'float64' },
  { name: 'converts', type: 'bool' },
  // Where the request came from: the map and country panels of the dashboards.
  { name: 'country', type: 'string' }, { name: 'lat', type: 'float64' }, { name: 'lon', type: 'float64' },
];

/**
 * The composition root of a campaign replay: builds the world, the market, attribution and one
 * engine per policy from a scenario, and streams every opportunity through them (parallel
 * worlds: each policy has its own budget and state and meets the same competitor bids and user
 * responses). Opportunities are decided one at a time, in time order, after a batch of them has
 * been read ahead: their users looked up and their feature rows written together, which lets the
 * memory reads of neighbouring requests overlap and a model score many rows at once (see
 * ModelScores). Competitor bids are drawn, and the response to an impression found, only for
 * opportunities that need them (a bid, a win, a sample); all are keyed draws, the same whenever
 * they are made. Deterministic: same scenario, seed and models → same summary and events, byte
 * for byte.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunSummary> {
  const seed = options.seed ?? scenario.seed;
  const policies = scenario.policies.filter((p) => !options.policies || options.policies.includes(p.name));
  const { streams, profiles, traffic, competitors, rule } = buildScenarioWorld(scenario, seed);
  const total = Math.min(traffic.total, options.maxOpportunities ?? Infinity);
  const attribution = new AttributionStage({ streams, attribution: scenario.attribution, startEpochSeconds: startEpochSeconds(scenario) });

  const values = campaignValues(scenario);
  const campaigns = scenario.campaigns.map((c, i) => bidderCampaign(c, values[i]!));
  const hourly = scenario.traffic.dailyPattern as ReadonlyArray<number>;
  const predictors = new Map<string, Predictor>();
  for (const p of policies) {
    if (p.kind !== 'model' || predictors.has(p.model)) continue;
    const predictor = await loadModelFile(p.model);
    checkModelFeatures(predictor.featureNames, p.model);
    predictors.set(p.model, predictor);
  }
  // In a split, arm k owns the users whose hash falls in [armEdges[k − 1], armEdges[k]) and that share of every budget.
  const arms = policies.map((p) => (options.split?.includes(p.name) ? p.split : 0));
  const armWeight = arms.reduce((a, b) => a + b, 0);
  const splitting = options.split !== undefined && armWeight > 0;
  const armEdges = arms.map((_, i) => arms.slice(0, i + 1).reduce((a, b) => a + b, 0) / armWeight);
  const bidders = policies.map((p, i) => new Bidder(p.name, p.pricing, p.pacing.mode,
    splitting && arms[i]! > 0 ? campaigns.map((c) => ({ ...c, dailyBudget: (c.dailyBudget * arms[i]!) / armWeight })) : campaigns, hourly));
  const splitDraws = streams.stream('split').draws();
  const collect = options.comparison;
  const metrics = policies.map((p) => new PolicyMetrics(p.name));
  const noBids = policies.map(() => new Map<string, number>());
  const baselineName = scenario.comparison.baseline ?? policies.find((p) => p.kind === 'bid-everything')?.name;
  const baseline = policies.findIndex((p) => p.name === baselineName);
  const championName = scenario.comparison.champion ?? policies.find((p) => p.kind === 'model')?.name;
  const savings = policies.map(() => new SavingsAccumulator());
  const aucs = policies.map((p) => (p.kind === 'bid-everything' ? undefined : new AucAccumulator()));
  const calibrations = policies.map((p) => (p.kind === 'bid-everything' ? undefined : new CalibrationAccumulator()));
  const events = options.eventsPath ? await ArrowTableWriter.open(options.eventsPath, EVENT_COLUMNS) : undefined;

  const sink = (e: AttributionEvent) => {
    const m = metrics[e.policyIndex]!;
    if (e.kind === 'click') m.clicks++;
    if (e.conversion && e.attributed !== null) {
      m.conversions++; m.attributedRevenue += e.value;
      collect?.delivered(e.policyIndex, e.time, e.value);
    }
  };

  // The batch read ahead: rows k = 0 … batchSize − 1, decided in order from batchAt.
  const items: (TrafficItem | undefined)[] = new Array<TrafficItem | undefined>(BATCH).fill(undefined);
  const rowProfiles = Array.from({ length: BATCH }, emptyProfile);
  const ifas: (string | undefined)[] = new Array<string | undefined>(BATCH).fill(undefined);
  const rowMatched = new Uint8Array(BATCH);
  const rowTargeted = new Uint8Array(BATCH);
  const features = new Float64Array(BATCH * NUM_FEATURES);
  let batchSize = 0, batchAt = 0, pulled = 0;
  // One estimate per model file and one for the truth: a policy asks only when the request
  // reaches pricing, and policies sharing a model share its one evaluation.
  const scorers = new Map([...predictors].map(([path, predictor]) => [path, new ModelScores(predictor, NUM_FEATURES, BATCH)]));
  const modelScores = [...scorers.values()];
  let current: TrafficItem | undefined;
  let goal: Scenario['campaigns'][number]['goal'] = 're-engagement';
  let campaignValue = NaN;
  // The oracle knows the truth: the probability, and for a purchase goal the user's own expected
  // purchase value (converting users spend more than the campaign's average purchase).
  const truthScore = new RowScore(() => trueConversionProbability(current!.truth, goal),
    () => (goal === 'purchase' ? current!.truth.expectedPurchaseValue : campaignValue));
  const estimates = policies.map((p) => (p.kind === 'model' ? scorers.get(p.model)! : p.kind === 'oracle' ? truthScore : undefined));
  const sampling = streams.stream('sampling').draws();
  const qualityRate = scenario.output.qualitySampleRate;
  const eventRate = scenario.output.eventSampleRate;
  const won = new Uint8Array(policies.length);
  const seen = new Uint8Array(policies.length);
  const paid = new Float64Array(policies.length);
  const auction: MutableAuctionResult = { won: false, paidCpm: 0, minToWinCpm: 0 };
  // The current opportunity's competitor bids and attributed outcome, made on first need.
  let bids: CompetitorBids | undefined;
  let outcome: Outcome | undefined;
  let outcomeKnown = false;
  let currentCampaign: Scenario['campaigns'][number] | undefined;
  const outcomeNow = (): Outcome | undefined => {
    if (!outcomeKnown) {
      const { opportunity, truth } = current!;
      outcome = currentCampaign ? attribution.outcome(opportunity, truth, currentCampaign) : undefined;
      outcomeKnown = true;
    }
    return outcome;
  };
  const bidsNow = (): CompetitorBids => (bids ??= competitors.draw(current!.opportunity, current!.truth));

  /** Reads the next batch: items, their users' profiles, feature rows, targeting, model scores. */
  const readBatch = (): void => {
    batchSize = 0;
    batchAt = 0;
    while (batchSize < BATCH && pulled < total) {
      const item = traffic.nextItem();
      if (!item) break;
      pulled++;
      items[batchSize] = item;
      ifas[batchSize] = item.opportunity.request.device?.ifa;
      batchSize++;
    }
    profiles.lookupMany(ifas, batchSize, rowProfiles, rowMatched);
    for (let k = 0; k < batchSize; k++) {
      rowTargeted[k] = 0;
      if (!rowMatched[k]) continue;
      const { request, time } = items[k]!.opportunity;
      const profile = rowProfiles[k]!;
      writeFeatures(request, profile, time, features, k * NUM_FEATURES);
      if (bidders.length > 0 && bidders[0]!.targets(profile, features, k * NUM_FEATURES)) rowTargeted[k] = 1;
    }
    // In a loop of its own, so that the cache misses of the users' frequency-cap rows overlap.
    for (const bidder of bidders) for (let k = 0; k < batchSize; k++) if (rowTargeted[k]) bidder.prefetch(rowProfiles[k]!);
    for (const m of modelScores) m.begin(features, rowTargeted, batchSize);
  };

  let processed = 0, matched = 0;
  try {
    // Nothing of an opportunity outlives its batch (bar the pending attribution events of a
    // win), so its objects die young and memory stays flat.
    while (processed < total) {
      if (batchAt === batchSize) {
        readBatch();
        if (batchSize === 0) break;
      }
      const k = batchAt++;
      const row = k * NUM_FEATURES;
      const item = items[k]!;
      items[k] = undefined;
      current = item;
      const { opportunity } = item;
      attribution.drainUntil(opportunity.time, sink);
      const profile = rowMatched[k] ? rowProfiles[k]! : undefined;
      const campaign = profile ? scenario.campaigns[profile.campaign]! : undefined;
      currentCampaign = campaign;
      if (profile) {
        matched++;
        goal = campaign!.goal;
        campaignValue = values[profile.campaign]!;
        collect?.segment(features, row, profile.daysSinceLastPurchase, profile.sessions30d);
      }
      for (const m of modelScores) m.row = k;
      truthScore.reset();
      bids = undefined;
      outcome = undefined;
      outcomeKnown = false;
      const floor = opportunity.request.imp[0]?.bidfloor ?? 0;
      // Quality (AUC, calibration) is measured on a sample of the targeted requests on which
      // every scoring policy is asked, whether or not pacing let it bid.
      const targeted = rowTargeted[k] === 1;
      const inQualitySample = targeted && (qualityRate >= 1 || sampling.reset(opportunity.id, SAMPLE_QUALITY).nextDouble() < qualityRate);
      const inEventSample = events !== undefined && profile !== undefined
        && (eventRate >= 1 || sampling.reset(opportunity.id, SAMPLE_EVENTS).nextDouble() < eventRate);
      // The arm whose users this request's user is among (a split), or −1: every policy sees it.
      let arm = -1;
      if (splitting && profile) {
        const x = splitDraws.reset(profile.key, 0).nextDouble();
        arm = armEdges.findIndex((edge, a) => arms[a]! > 0 && x < edge);
      }
      for (let i = 0; i < policies.length; i++) {
        seen[i] = arm < 0 || arms[i] === 0 || i === arm ? 1 : 0;
        if (!seen[i]) { won[i] = 0; paid[i] = 0; continue; }
        const estimate = estimates[i];
        const d = bidders[i]!.decide(opportunity.request, profile, opportunity.time, features, row, estimate ?? NaN);
        const p = estimate === undefined ? NaN : inQualitySample ? estimate.pConversion() : d.pConversion;
        const m = metrics[i]!;
        m.opportunities++;
        won[i] = 0; paid[i] = 0;
        if (inQualitySample && estimate !== undefined) {
          const converts = outcomeNow()!.converts;
          aucs[i]?.add(p, converts);
          calibrations[i]?.add(p, converts);
          collect?.truth(i, p, truthScore.pConversion());
        }
        if (d.bid) {
          m.bids++;
          const r = rule.resolve(d.cpm, bidsNow(), floor, auction);
          if (r.won) {
            won[i] = 1; paid[i] = r.paidCpm;
            m.wins++;
            m.spend += r.paidCpm / 1000;
            m.predictedRevenue += d.expectedValue;
            bidders[i]!.recordWin(d.campaign, profile!.key, opportunity.time, r.paidCpm / 1000);
            attribution.onWin(i, opportunity, item.truth, campaign!, r.paidCpm);
            collect?.win(i, profile!.key, opportunity.time, r.paidCpm / 1000, d.expectedValue, d.pConversion, outcomeNow()!);
          }
        } else if (d.cause) {
          const counts = noBids[i]!;
          counts.set(d.cause, (counts.get(d.cause) ?? 0) + 1);
        }
        if (inEventSample) {
          const geo = opportunity.request.device?.geo;
          events!.append([opportunity.id, opportunity.time, policies[i]!.name, d.campaign, floor, p === p ? p : null, d.bid, d.bid ? d.cpm : null,
            d.bid ? null : (d.nbr ?? 0), won[i] === 1, won[i] ? paid[i]! : null, bidsNow().highestCpm, outcomeNow()?.converts ?? null,
            geo?.country ?? null, geo?.lat ?? null, geo?.lon ?? null]);
        }
      }
      // Savings count only what the baseline won.
      if (baseline >= 0 && campaign && won[baseline]) {
        const o = outcomeNow()!;
        for (let i = 0; i < policies.length; i++) {
          if (i !== baseline && seen[i]) savings[i]!.record(true, paid[baseline]! / 1000, won[i] === 1, o.converts);
        }
        if (collect) {
          for (let i = 0; i < policies.length; i++) {
            const estimate = estimates[i];
            if (estimate && seen[i]) collect.baselinePurchase(i, estimate.pConversion(), paid[baseline]! / 1000, o.conversions);
          }
        }
      }
      processed++;
      if (processed % (options.progressEvery ?? 50_000) === 0) {
        options.onProgress?.(progress(false));
        // Let the terminal view repaint: the loop itself never waits on anything.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    options.onProgress?.(progress(true));
    attribution.drainAll(sink);
    await events?.close();
  } catch (e) {
    await events?.abort();
    throw e;
  }

  function progress(draining: boolean) {
    return {
      scenario: scenario.name, processed, total, draining,
      simDay: current ? Math.floor(current.opportunity.time / 86_400) : 0,
      simDays: scenario.traffic.days,
      policies: metrics.map((m) => ({ name: m.name, bids: m.bids, wins: m.wins, spend: m.spend, conversions: m.conversions, revenue: m.attributedRevenue })),
    };
  }

  return {
    scenario: scenario.name,
    seed,
    opportunities: processed,
    matchedOpportunities: matched,
    days: scenario.traffic.days,
    baseline: baseline >= 0 ? baselineName : undefined,
    champion: championName,
    policies: policies.map((p, i) => {
      const report = calibrations[i]?.report();
      const cal = report ? (({ bins: _bins, ...rest }) => rest)(report) : undefined;
      const summary = metrics[i]!.summary();
      return {
        ...summary,
        // A blind policy predicts nothing: no predicted revenue, rather than a predicted ROI of −100%.
        ...(p.kind === 'bid-everything' ? { predictedRevenue: NaN, predictedRoi: NaN } : {}),
        kind: p.kind,
        noBids: Object.fromEntries([...noBids[i]!.entries()].sort(([a], [b]) => a.localeCompare(b))),
        ...(baseline >= 0 && i !== baseline ? { savings: savings[i]!.summary() } : {}),
        ...(cal ? { quality: { auc: aucs[i]!.value(), calibration: cal } } : {}),
      };
    }),
  };
}

