import { AttributionStage, type AttributionEvent, trueConversionProbability } from '../attribution/index.js';
import { Bidder, bidderCampaign, checkModelFeatures, NUM_FEATURES, type UserProfile, writeFeatures } from '../engine/index.js';
import { type ArrowColumn, ArrowTableWriter } from '../io/arrow/index.js';
import { createCompetitorField, marketAt, ruleFor } from '../market/index.js';
import { AucAccumulator, CalibrationAccumulator, PolicyMetrics, type PolicySummary, SavingsAccumulator, type SavingsSummary, type CalibrationReport } from '../metrics/index.js';
import { loadModelFile, type Predictor } from '../model/index.js';
import { distributionMean, RandomStreams } from '../rng/index.js';
import type { Scenario } from '../scenario/index.js';
import { buildPopulation, trafficStream, type TrafficItem } from '../world/index.js';
import { PopulationProfiles } from './population-profiles.js';
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

const CHUNK = 1024;

const EVENT_COLUMNS: ArrowColumn[] = [
  { name: 'opportunity_id', type: 'int32' }, { name: 'time', type: 'float64' }, { name: 'policy', type: 'string' },
  { name: 'campaign', type: 'int32' }, { name: 'floor_cpm', type: 'float64' }, { name: 'p_conversion', type: 'float64' },
  { name: 'bid', type: 'bool' }, { name: 'bid_cpm', type: 'float64' }, { name: 'nbr', type: 'int32' },
  { name: 'won', type: 'bool' }, { name: 'paid_cpm', type: 'float64' }, { name: 'highest_competitor_cpm', type: 'float64' },
  { name: 'converts', type: 'bool' },
];

/**
 * The composition root of a campaign replay: builds the world, the market, attribution and one
 * engine per policy from a scenario, and streams every opportunity through them (parallel
 * worlds: each policy has its own budget and state and meets the same competitor bids and user
 * responses). Opportunities are processed in chunks: features and model predictions for a chunk
 * first (they do not depend on any policy's state), then the decisions in time order.
 * Deterministic: same scenario, seed and models → same summary and events, byte for byte.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunSummary> {
  const seed = options.seed ?? scenario.seed;
  const streams = new RandomStreams(seed);
  const policies = scenario.policies.filter((p) => !options.policies || options.policies.includes(p.name));
  const population = buildPopulation(scenario, streams);
  const profiles = new PopulationProfiles(population, streams);
  const traffic = trafficStream(scenario, population, streams);
  const total = Math.min(traffic.total, options.maxOpportunities ?? Infinity);
  const competitors = createCompetitorField(scenario.market, streams, { requestsPerDay: scenario.traffic.requestsPerDay });
  const rule = ruleFor(marketAt(scenario.market), scenario.market);
  const startEpoch = Date.parse(`${scenario.traffic.startDate}T00:00:00Z`) / 1000;
  const attribution = new AttributionStage({ streams, attribution: scenario.attribution, startEpochSeconds: startEpoch });

  const values = scenario.campaigns.map((c) => (c.goal === 're-engagement' ? c.valuePerConversion! : distributionMean(c.purchaseValue!)));
  const campaigns = scenario.campaigns.map((c, i) => bidderCampaign(c, values[i]!));
  const hourly = scenario.traffic.dailyPattern as ReadonlyArray<number>;
  const predictors = new Map<string, Predictor>();
  for (const p of policies) {
    if (p.kind !== 'model' || predictors.has(p.model)) continue;
    const predictor = await loadModelFile(p.model);
    checkModelFeatures(predictor.featureNames, p.model);
    predictors.set(p.model, predictor);
  }
  const bidders = policies.map((p) => new Bidder(p.name, p.pricing, p.pacing.mode, campaigns, hourly));
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
    if (e.conversion && e.attributed !== null) { m.conversions++; m.attributedRevenue += e.value; }
  };

  const items: TrafficItem[] = [];
  const chunkProfiles: (UserProfile | undefined)[] = [];
  const matchedIndex = new Int32Array(CHUNK);
  const features = new Float64Array(CHUNK * NUM_FEATURES);
  const matchedRow = new Int32Array(CHUNK);
  // Only targeted requests are scored: a model's prediction cannot matter for the others.
  const scoredRow = new Int32Array(CHUNK);
  const scoreFeatures = new Float64Array(CHUNK * NUM_FEATURES);
  const predictions = new Map<string, Float64Array>();
  const won = new Uint8Array(policies.length);
  const paid = new Float64Array(policies.length);
  let processed = 0, matched = 0;
  try {
    while (processed < total) {
      items.length = 0;
      chunkProfiles.length = 0;
      let rows = 0;
      while (items.length < CHUNK && processed + items.length < total) {
        const item = traffic.nextItem();
        if (!item) break;
        const ifa = item.opportunity.request.device?.ifa;
        const profile = ifa === undefined ? undefined : profiles.get(ifa);
        matchedRow[items.length] = profile ? rows : -1;
        if (profile) matchedIndex[rows] = items.length;
        if (profile) writeFeatures(item.opportunity.request, profile, item.opportunity.time, features, rows++ * NUM_FEATURES);
        items.push(item);
        chunkProfiles.push(profile);
      }
      if (items.length === 0) break;
      let scored = 0;
      for (let r = 0; r < rows; r++) {
        const profile = chunkProfiles[matchedIndex[r]!]!;
        if (bidders.length > 0 && bidders[0]!.targets(profile, features, r * NUM_FEATURES)) {
          scoreFeatures.set(features.subarray(r * NUM_FEATURES, (r + 1) * NUM_FEATURES), scored * NUM_FEATURES);
          scoredRow[r] = scored++;
        } else scoredRow[r] = -1;
      }
      for (const [path, predictor] of predictors) predictions.set(path, predictor.predictRowMajor(scoreFeatures.subarray(0, scored * NUM_FEATURES), scored));

      for (let k = 0; k < items.length; k++) {
        const { opportunity, truth } = items[k]!;
        attribution.drainUntil(opportunity.time, sink);
        const row = matchedRow[k]!;
        const profile = chunkProfiles[k];
        const bids = competitors.draw(opportunity, truth);
        const floor = opportunity.request.imp[0]?.bidfloor ?? 0;
        const campaign = profile ? scenario.campaigns[profile.campaign]! : undefined;
        const outcome = campaign ? attribution.outcome(opportunity, truth, campaign) : undefined;
        if (row >= 0) matched++;
        policies.forEach((policy, i) => {
          const p = policy.kind === 'model' ? (row >= 0 && scoredRow[row]! >= 0 ? predictions.get(policy.model)![scoredRow[row]!]! : NaN)
            : policy.kind === 'oracle' ? (campaign ? trueConversionProbability(truth, campaign.goal) : NaN) : NaN;
          const d = bidders[i]!.decide(opportunity.request, profile, opportunity.time, features, Math.max(row, 0) * NUM_FEATURES, p);
          const m = metrics[i]!;
          m.opportunities++;
          won[i] = 0; paid[i] = 0;
          if (outcome && d.campaign >= 0 && d.cause !== 'unmatched-user' && d.cause !== 'not-targeted') {
            aucs[i]?.add(p, outcome.converts);
            calibrations[i]?.add(p, outcome.converts);
          }
          if (d.bid) {
            m.bids++;
            const r = rule.resolve(d.cpm, bids, floor);
            if (r.won) {
              won[i] = 1; paid[i] = r.paidCpm;
              m.wins++;
              m.spend += r.paidCpm / 1000;
              m.predictedRevenue += d.expectedValue;
              bidders[i]!.recordWin(d.campaign, profile!.key, opportunity.time, r.paidCpm / 1000);
              attribution.onWin(i, opportunity, truth, campaign!, r.paidCpm);
            }
          } else if (d.cause) {
            const counts = noBids[i]!;
            counts.set(d.cause, (counts.get(d.cause) ?? 0) + 1);
          }
          if (events && row >= 0) {
            events.append([opportunity.id, opportunity.time, policy.name, d.campaign, floor, p, d.bid, d.bid ? d.cpm : null,
              d.bid ? null : (d.nbr ?? 0), won[i] === 1, won[i] ? paid[i]! : null, bids.highestCpm, outcome?.converts ?? null]);
          }
        });
        if (baseline >= 0 && outcome) {
          for (let i = 0; i < policies.length; i++) {
            if (i !== baseline) savings[i]!.record(won[baseline] === 1, paid[baseline]! / 1000, won[i] === 1, outcome.converts);
          }
        }
        processed++;
        if (processed % (options.progressEvery ?? 50_000) === 0) {
          options.onProgress?.(progress(false));
          // Let the terminal view repaint: the loop itself never waits on anything.
          await new Promise((resolve) => setImmediate(resolve));
        }
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
      simDay: items.length ? Math.floor(items[items.length - 1]!.opportunity.time / 86_400) : 0,
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

