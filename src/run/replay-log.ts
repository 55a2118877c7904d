import { basename } from 'node:path';
import { Bidder, type BidderCampaign, bidderCampaign, checkModelFeatures, type ConversionEstimate, NUM_FEATURES, writeFeatures } from '../engine/index.js';
import type { LogItem } from '../domain/index.js';
import { describePosition } from '../domain/index.js';
import { type MutableAuctionResult, ruleFor } from '../market/index.js';
import { loadModelFile, type Predictor } from '../model/index.js';
import {
  checkBidGrid, DEFAULT_BID_GRID, exploredAway, loggedReturn, loggerWinChance, type LoggedReturn, type MarketPriceModel, type MarketSource, ReplayError, replayedMarket, type Reward, snapToGrid,
} from '../replay/index.js';
import type { Scenario } from '../scenario/index.js';
import { buildScenarioProfiles, campaignValues, startEpochSeconds } from './scenario-world.js';
import { loggingPolicyName, policyScorer } from './market-scorer.js';
import { ReplayAccumulator } from './replay-accumulator.js';
import { MEANING, OUTCOME_MODES, type OutcomeMode, result, type ReplaySummary } from './replay-summary.js';
import { replayFingerprint, type SourcePosition } from './replay-checkpoint.js';
import { ReplayOutputs } from './replay-outputs.js';

export interface ReplayOptions {
  readonly outcomes: OutcomeMode;
  /** The outcome model (LightGBM text file) for `model` and `dr`. */
  readonly outcomeModel?: string;
  /** The market-price model for auctions whose competing price the log does not tell. */
  readonly marketModel: MarketPriceModel;
  /** The logger's bid grid (for the off-policy modes). Default {@link DEFAULT_BID_GRID}. */
  readonly bidGrid?: ReadonlyArray<number>;
  readonly policies?: ReadonlyArray<string>;
  /** Root seed of the world the profile store is built from, and of the market draws. Default the scenario's. */
  readonly seed?: number;
  /** Refused records go here (NDJSON with position and reason); none written when there are none. */
  readonly deadLetterPath?: string;
  /** More refused records than this fail the replay. Default 10. */
  readonly maxBadRecords?: number;
  /** Called every 50,000 records. */
  readonly onProgress?: (records: number) => void;
  /** Per-record events (one row per policy on records of users on a retargeting list), as Arrow segments in this folder. */
  readonly eventsDir?: string;
  /** Checkpoint file: written every `checkpointEvery` records; removed when the replay completes. */
  readonly checkpointPath?: string;
  /** Records between checkpoints (and per event segment). Default 100,000. */
  readonly checkpointEvery?: number;
  /** After each checkpoint is on disk (a Kafka source commits its offsets here). */
  readonly onCheckpoint?: () => Promise<void>;
  /** Go on from the checkpoint when there is one (after a crash or kill): the result equals an uninterrupted replay's. */
  readonly resume?: boolean;
  /** What else makes this replay this replay (model file digests, …), for the checkpoint's fingerprint. */
  readonly fingerprintParts?: ReadonlyArray<string>;
  /** What the source is, for the summary (`file:log.ndjson`, `kafka://…`). */
  readonly sourceName: string;
}

/** Purpose of the 'replay-market' stream's draw, keyed by opportunity id. */
const MARKET_DRAW = 0;

/**
 * The composition root of a log replay: the scenario gives the profile store (its world's users,
 * by device id), the campaigns and the policies; the log gives the opportunities, the market's
 * answers and the observed outcomes. Every policy meets the same replayed market for a record
 * (common random numbers by opportunity id). Deterministic: same log, scenario, seed and models →
 * the same summary.
 */
/** Refuses a mode without what it needs, before any work; whether it needs the outcome model. */
export function checkOutcomeMode(mode: OutcomeMode, outcomeModel: string | undefined): boolean {
  if (!OUTCOME_MODES.includes(mode)) throw new ReplayError('REPLAY_OPTIONS', `unknown outcome mode '${mode}': expected one of ${OUTCOME_MODES.join(', ')}`, '--outcomes');
  const needs = mode === 'model' || mode === 'dr';
  if (needs && !outcomeModel) {
    throw new ReplayError('REPLAY_OPTIONS', `outcome mode '${mode}' needs an outcome model trained on the log (--outcome-model)`, '--outcome-model');
  }
  return needs;
}

/** A replay's input: the items, or a function that opens them after a position (to resume). */
export type ReplaySource = AsyncIterable<LogItem> | ((after: SourcePosition | null) => AsyncIterable<LogItem>);

export async function replayLog(scenario: Scenario, source: ReplaySource, options: ReplayOptions): Promise<ReplaySummary> {
  const mode = options.outcomes;
  const offPolicy = mode === 'ips' || mode === 'snips' || mode === 'dr';
  const needsOutcomeModel = checkOutcomeMode(mode, options.outcomeModel);
  const grid = offPolicy ? checkBidGrid(options.bidGrid ?? DEFAULT_BID_GRID, '--bid-grid') : null;
  const maxBad = options.maxBadRecords ?? 10;
  const seed = options.seed ?? scenario.seed;
  const { streams, profiles } = buildScenarioProfiles(scenario, seed);
  const startEpoch = startEpochSeconds(scenario);
  const values = campaignValues(scenario);
  const campaigns = scenario.campaigns.map((c, i) => bidderCampaign(c, values[i]!));
  // The oracle needs the world's truth about each request, which a log does not carry.
  const policies = scenario.policies.filter((p) => p.kind !== 'oracle' && (!options.policies || options.policies.includes(p.name)));
  if (policies.length === 0) throw new ReplayError('REPLAY_OPTIONS', 'no policy to replay (the oracle cannot be replayed on a log: it needs the world\'s truth)', '--policy');
  const rules = { 1: ruleFor(1, scenario.market), 2: ruleFor(2, scenario.market) } as const;
  const increment = scenario.market.secondPriceIncrementCpm ?? 0;
  const features = new Float64Array(NUM_FEATURES);
  const predictors = new Map<string, Predictor>();
  const load = async (path: string) => {
    let p = predictors.get(path);
    if (!p) { p = await loadModelFile(path); checkModelFeatures(p.featureNames, path); predictors.set(path, p); }
    return p;
  };
  const estimates: Array<ConversionEstimate | undefined> = [];
  for (const p of policies) {
    if (p.kind !== 'model') { estimates.push(undefined); continue; }
    const predictor = await load(p.model);
    estimates.push({ pConversion: () => predictor.predictOne(features, 0) });
  }
  const outcomePredictor = needsOutcomeModel ? await load(options.outcomeModel!) : undefined;
  const bidders = policies.map((p) => new Bidder(p.name, p.pricing, p.pacing.mode, campaigns, scenario.traffic.dailyPattern as ReadonlyArray<number>));
  const acc = policies.map(() => new ReplayAccumulator());
  // The logging policy, fed the logger's own wins, so it is in the logger's state on every record: it
  // tells the greedy bid the logger explored away from (the log holds only the bid drawn instead).
  const shadow = offPolicy ? await loggerShadow(scenario, campaigns, features, load) : undefined;
  // Every bidder whose caps and pacing a checkpoint must carry.
  const stateful = shadow ? [...bidders, shadow.bidder] : bidders;
  const marketDraws = streams.stream('replay-market').draws();
  const scoring = options.marketModel.scores?.policy;
  const marketScorer = scoring === undefined ? undefined : await policyScorer(scenario, profiles, scoring);
  if (scoring !== undefined && !marketScorer) {
    throw new ReplayError('REPLAY_MARKET_MODEL', `the market-price model bands prices by the score of policy '${scoring}', which scenario ${scenario.name} has no model policy of that name for`, '--market-model');
  }
  // The score of the current record's user, from the features already written for it; asked only
  // when the record's market comes from the model.
  let featuresWritten = false;
  const marketScore = marketScorer ? () => (featuresWritten ? marketScorer.predict(features) : undefined) : undefined;
  const marketCounts: Record<MarketSource, number> = { 'min-to-win': 0, 'logged-price': 0, model: 0 };
  const every = options.checkpointEvery ?? 100_000;
  if (!(Number.isSafeInteger(every) && every >= 1)) throw new ReplayError('REPLAY_OPTIONS', `checkpointEvery must be a positive integer, got ${every}`, '--checkpoint-every');
  const fingerprint = replayFingerprint([JSON.stringify(scenario), options.sourceName, mode, JSON.stringify(options.marketModel.toJson()), JSON.stringify(grid),
    JSON.stringify(policies.map((p) => p.name)), String(seed), String(every), ...(options.fingerprintParts ?? [])]);
  const { outputs, resumed } = await ReplayOutputs.open({
    fingerprint, ...(options.eventsDir ? { eventsDir: options.eventsDir } : {}), ...(options.deadLetterPath ? { deadLetterPath: options.deadLetterPath } : {}),
    ...(options.checkpointPath ? { checkpointPath: options.checkpointPath } : {}), resume: options.resume ?? false,
  });
  const logged: LoggedReturn = { conversions: 0, revenue: 0 };
  const observed: Reward = { conversions: 0, revenue: 0, spend: 0 };
  const direct: Reward = { conversions: 0, revenue: 0, spend: 0 };
  const championName = scenario.comparison.champion ?? policies.find((p) => p.kind === 'model')?.name;
  const champion = policies.findIndex((p) => p.name === championName);
  const difference = new Float64Array(4);
  // Each policy's part of the current record, for the off-policy estimates made once all have decided.
  const offWon = new Uint8Array(policies.length);
  const offSpend = new Float64Array(policies.length);
  const auction: MutableAuctionResult = { won: false, paidCpm: 0, minToWinCpm: 0 };
  let records = 0, bad = 0, unmatched = 0;
  // Records where the log shows the logger's own greedy bid, and how many of them its replay bid too.
  let loggerChecked = 0, loggerAgreed = 0;
  let position: SourcePosition | null = null;
  const kafkaOffsets: Record<string, string> = {};
  if (resumed) {
    ({ records, bad, unmatched, position } = resumed);
    const n = resumed.numbers;
    (['min-to-win', 'logged-price', 'model'] as const).forEach((k, i) => { marketCounts[k] = n['market']![i]!; });
    [loggerChecked, loggerAgreed] = n['logger'] ?? [0, 0];
    acc.forEach((a, i) => a.restore(n[`policy${i}`]!));
    stateful.forEach((b, i) => b.restore({ pacers: n[`pacers${i}`]!, caps: resumed.arrays[`caps${i}`] ? splitCaps(resumed.arrays, i) : [] }));
    if (position?.kind === 'kafka') Object.assign(kafkaOffsets, position.offsets);
  }
  const items = typeof source === 'function' ? source(position) : source;
  const writeEvents = outputs.writesEvents;
  const progressState = () => {
    const numbers: Record<string, number[]> = { market: [marketCounts['min-to-win'], marketCounts['logged-price'], marketCounts.model], logger: [loggerChecked, loggerAgreed] };
    const arrays: Record<string, Float64Array> = {};
    acc.forEach((a, i) => { numbers[`policy${i}`] = a.state(); });
    stateful.forEach((b, i) => {
      const snap = b.snapshot();
      numbers[`pacers${i}`] = snap.pacers;
      snap.caps.forEach((rows, c) => { arrays[`caps${i}.${c}`] = rows; });
      arrays[`caps${i}`] = new Float64Array([snap.caps.length]);
    });
    return { records, bad, unmatched, position, numbers, arrays };
  };

  try {
    for await (const item of items) {
      // A resumed Kafka replay may meet records again that a crash kept from being committed: the checkpoint already counts them.
      if (item.position.kind === 'kafka') {
        const { partition, offset } = item.position;
        const done = kafkaOffsets[String(partition)];
        if (done !== undefined && BigInt(offset) <= BigInt(done)) continue;
        kafkaOffsets[String(partition)] = offset;
        position = { kind: 'kafka', offsets: { ...kafkaOffsets } };
      } else {
        position = { kind: 'file', last: item.position.kind === 'ndjson' ? item.position.line : item.position.row };
      }
      if (item.kind === 'bad') {
        bad++;
        outputs.deadLetter(item);
        if (bad > maxBad) {
          throw new ReplayError('REPLAY_TOO_MANY_BAD', `more than ${maxBad} bad records (the last: ${item.reason}); see ${outputs.deadLetterPath ?? 'the dead-letter file'}, or raise --max-bad-records`, describePosition(item.position));
        }
        continue;
      }
      const record = item.record;
      records++;
      const time = record.time - startEpoch;
      const ifa = record.request.device?.ifa;
      const profile = ifa === undefined ? undefined : profiles.get(ifa);
      if (!profile) unmatched++;
      else writeFeatures(record.request, profile, time, features, 0);
      featuresWritten = profile !== undefined;
      const market = replayedMarket(record, increment, options.marketModel, marketDraws.reset(record.opportunityId, MARKET_DRAW).nextDouble(), marketScore);
      marketCounts[market.source]++;
      const campaign = profile ? scenario.campaigns[profile.campaign] : undefined;
      const value = profile ? values[profile.campaign]! : 0;
      if (campaign) loggedReturn(record, campaign.goal, value, logged);
      else { logged.conversions = 0; logged.revenue = 0; }
      let pOutcome = NaN;
      const outcomeP = () => (pOutcome === pOutcome ? pOutcome : (pOutcome = outcomePredictor!.predictOne(features, 0)));
      for (let i = 0; i < policies.length; i++) {
        const a = acc[i]!;
        a.opportunities++;
        const d = bidders[i]!.decide(record.request, profile, time, features, 0, estimates[i] ?? NaN);
        // Off-policy modes evaluate the policy on the logger's grid, snapped as a gridded policy snaps.
        const price = d.bid && grid ? snapToGrid(d.cpm, grid) : d.cpm;
        const bid = d.bid && price >= market.floorCpm ? price : undefined;
        const r = rules[market.at].resolve(bid, market.competitors, market.floorCpm);
        let wonSpend = 0;
        if (bid !== undefined) a.bids++;
        if (r.won) {
          wonSpend = r.paidCpm / 1000;
          a.wins++; a.spend += wonSpend;
          bidders[i]!.recordWin(d.campaign, profile!.key, time, wonSpend);
          if (record.market.won) {
            a.observedWins++; a.observedConversions += logged.conversions; a.observedRevenue += logged.revenue;
          } else {
            a.unobservedWins++; a.unobservedSpend += wonSpend;
            if (mode === 'model') { const p = outcomeP(); a.filledConversions += p; a.filledRevenue += p * value; }
          }
        }
        if (offPolicy) { offWon[i] = r.won ? 1 : 0; offSpend[i] = wonSpend; }
        if (writeEvents && profile) {
          const credited = !r.won ? 0 : record.market.won ? logged.conversions : mode === 'model' ? outcomeP() : 0;
          outputs.event([record.opportunityId, time, policies[i]!.name, bid !== undefined, bid ?? null, r.won, r.won ? r.paidCpm : null,
            r.won && record.market.won, credited, market.source]);
        }
      }
      if (offPolicy) {
        const propensity = record.decision.propensity;
        if (propensity === null) {
          throw new ReplayError('REPLAY_NO_PROPENSITY', `outcome mode '${mode}' needs logged propensities; this record has none (record with --explore)`, `opportunity ${record.opportunityId}`);
        }
        const where = `opportunity ${record.opportunityId}`;
        const own = shadow!.bidder.decide(record.request, profile, time, features, 0, shadow!.estimate);
        const snapped = own.bid ? snapToGrid(own.cpm, grid!) : null;
        const ownCpm = snapped !== null && snapped >= market.floorCpm ? snapped : null;
        const byShadow = record.decision.policy === shadow!.name;
        if (byShadow && !exploredAway(grid!, propensity)) {
          loggerChecked++;
          if (ownCpm === record.decision.priceCpm) loggerAgreed++;
        }
        const greedy = () => {
          if (!byShadow) {
            throw new ReplayError('REPLAY_OPTIONS', `the logger ('${record.decision.policy ?? 'unnamed'}') explored away from its own bid here, which only the logging policy can tell, and the replay takes the scenario's champion ('${shadow!.name}') for it`, where);
          }
          return ownCpm;
        };
        const wins = (cpm: number) => rules[market.at].resolve(cpm, market.competitors, market.floorCpm, auction).won;
        const winChance = loggerWinChance(grid!, propensity, record.decision.priceCpm, greedy, wins, where);
        if (record.market.won && profile && byShadow) {
          shadow!.bidder.recordWin(profile.campaign, profile.key, time, (record.market.paidCpm ?? 0) / 1000);
        }
        observed.conversions = logged.conversions; observed.revenue = logged.revenue;
        for (let i = 0; i < policies.length; i++) {
          const a = acc[i]!;
          const won = offWon[i] === 1;
          // Matched when the logger's auction ended as the policy's would have: then the log tells the policy's outcome.
          const matched = won === record.market.won;
          const chance = Math.max(won ? winChance : 1 - winChance, matched ? propensity : 0);
          // A won auction's market is known exactly, so what the policy would have paid is too (at first price it is not the logger's payment).
          observed.spend = offSpend[i]!;
          const p = won && mode === 'dr' ? outcomeP() : 0;
          direct.conversions = p; direct.revenue = p * value; direct.spend = offSpend[i]!;
          const c = a.offPolicy.add(matched, chance, observed, direct);
          a.ips.set(c.ips); a.dr.set(c.dr);
        }
      }
      if (offPolicy && champion >= 0) {
        const base = acc[champion]!;
        for (let i = 0; i < policies.length; i++) {
          if (i === champion) continue;
          const a = acc[i]!;
          for (let k = 0; k < 4; k++) { difference[k] = a.ips[k]! - base.ips[k]!; }
          a.ipsVersusChampion.add(difference);
          for (let k = 0; k < 4; k++) { difference[k] = a.dr[k]! - base.dr[k]!; }
          a.drVersusChampion.add(difference);
        }
      }
      if (records % 50_000 === 0) options.onProgress?.(records);
      if (records % every === 0) {
        await outputs.checkpoint(progressState());
        await options.onCheckpoint?.();
      }
    }
    await outputs.finish();
  } catch (error) {
    await outputs.abort();
    throw error;
  }

  return {
    scenario: scenario.name,
    source: options.sourceName,
    outcomes: mode,
    outcomesMeaning: MEANING[mode],
    records,
    badRecords: bad,
    deadLetters: bad > 0 && outputs.deadLetterPath ? basename(outputs.deadLetterPath) : null,
    unmatched,
    market: marketCounts,
    bidGrid: grid,
    ...(shadow ? { logger: { policy: shadow.name, greedyRecords: loggerChecked, agreed: loggerAgreed } } : {}),
    champion: champion >= 0 ? championName! : null,
    policies: policies.map((p, i) => result(p.name, p.kind, acc[i]!, mode, i !== champion && champion >= 0)),
  };
}

/** Policy i's frequency-cap rows, one array per campaign, as a checkpoint stores them. */
function splitCaps(arrays: Readonly<Record<string, Float64Array>>, i: number): Float64Array[] {
  return Array.from({ length: arrays[`caps${i}`]![0]! }, (_, c) => arrays[`caps${i}.${c}`]!);
}

interface LoggerShadow {
  readonly name: string;
  readonly bidder: Bidder;
  readonly estimate: ConversionEstimate | number;
}

/** The logging policy (the scenario's champion, as `bidlab record` defaults to) as a bidder of its own. */
async function loggerShadow(
  scenario: Scenario, campaigns: ReadonlyArray<BidderCampaign>, features: Float64Array, load: (path: string) => Promise<Predictor>): Promise<LoggerShadow> {
  const name = loggingPolicyName(scenario);
  const policy = scenario.policies.find((p) => p.name === name);
  if (!policy || policy.kind === 'oracle') {
    throw new ReplayError('REPLAY_OPTIONS', `off-policy modes replay the logging policy beside the others, and scenario ${scenario.name} names none (comparison.champion)`, 'comparison.champion');
  }
  const bidder = new Bidder(policy.name, policy.pricing, policy.pacing.mode, campaigns, scenario.traffic.dailyPattern as ReadonlyArray<number>);
  if (policy.kind !== 'model') return { name: policy.name, bidder, estimate: NaN };
  const predictor = await load(policy.model);
  return { name: policy.name, bidder, estimate: { pConversion: () => predictor.predictOne(features, 0) } };
}
