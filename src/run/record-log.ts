import { AttributionStage, type AttributionEvent } from '../attribution/index.js';
import { Bidder, bidderCampaign, checkModelFeatures, NUM_FEATURES, writeFeatures } from '../engine/index.js';
import type { AuctionLogRecord, LoggedPostback } from '../domain/index.js';
import { LOG_SCHEMA_VERSION } from '../domain/index.js';
import { loadModelFile } from '../model/index.js';
import { checkBidGrid, DEFAULT_BID_GRID, gridActions, ReplayError, snapToGrid } from '../replay/index.js';
import type { Scenario } from '../scenario/index.js';
import { buildScenarioWorld, campaignValues, startEpochSeconds } from './scenario-world.js';
import { loggingPolicyName } from './market-scorer.js';

/** Where recorded records go: a log file writer or a Kafka producer. */
export interface RecordSink {
  write(record: AuctionLogRecord): Promise<void>;
}

export interface RecordOptions {
  /** The logging policy (a scenario policy's name). Default: the champion, else the first model policy. */
  readonly policy?: string;
  /**
   * Exploration: with this probability the logger replaces its action by one drawn uniformly
   * from the bid grid's prices and not bidding, and records every action's propensity. Its own
   * prices are then snapped to the grid too, so every logged action is one of the grid's. 0 (the
   * default): a deterministic logger; propensities are null.
   */
  readonly explore?: number;
  /** The grid's prices, CPM. Default {@link DEFAULT_BID_GRID}. */
  readonly bidGrid?: ReadonlyArray<number>;
  /** The share of auctions in which the exchange reports the minimum bid to win (OpenRTB 2.6 `min_bid_to_win`). Default 0. */
  readonly minToWinShare?: number;
  /**
   * Keys the logger's own draws (its exploration, and which auctions report the minimum bid to
   * win) apart from the world's: the same world logged by another run of the randomised logger.
   * Default: the world's seed alone. What tells an estimator's bias from one unlucky exploration.
   */
  readonly exploreSeed?: number;
  readonly seed?: number;
  readonly maxOpportunities?: number;
  /** Called every 50,000 records with the count so far. */
  readonly onProgress?: (recorded: number) => void;
}

export interface RecordSummary {
  readonly scenario: string;
  readonly seed: number;
  readonly policy: string;
  readonly explore: number;
  /** When the logger's draws were keyed apart from the world's (`RecordOptions.exploreSeed`). */
  readonly exploreSeed?: number;
  readonly bidGrid: ReadonlyArray<number>;
  readonly records: number;
  readonly bids: number;
  readonly wins: number;
  readonly spend: number;
  readonly conversions: number;
  readonly postbacks: number;
}

/** Purposes of the 'logging' stream's draws, keyed by opportunity id. */
const EXPLORE_COIN = 0;
const EXPLORE_ACTION = 1;
const MIN_TO_WIN_REPORTED = 2;

/**
 * Records a log from a synthetic world: every opportunity of the scenario's traffic, what one
 * logging policy decided (optionally randomised, with propensities), what the market answered and
 * the postbacks its won impressions brought. The same world replayed live is the truth every
 * log-replay estimate is checked against. Deterministic: same scenario, seed and options → the
 * same records.
 */
export async function recordLog(scenario: Scenario, sink: RecordSink, options: RecordOptions = {}): Promise<RecordSummary> {
  const explore = options.explore ?? 0;
  if (!(explore >= 0 && explore <= 1)) throw new ReplayError('REPLAY_OPTIONS', `explore must be in [0, 1], got ${explore}`, '--explore');
  const minToWinShare = options.minToWinShare ?? 0;
  if (!(minToWinShare >= 0 && minToWinShare <= 1)) throw new ReplayError('REPLAY_OPTIONS', `the min-to-win share must be in [0, 1], got ${minToWinShare}`, '--min-to-win');
  if (options.exploreSeed !== undefined && !(Number.isSafeInteger(options.exploreSeed) && options.exploreSeed >= 0)) {
    throw new ReplayError('REPLAY_OPTIONS', `the explore seed must be a non-negative integer, got ${options.exploreSeed}`, '--explore-seed');
  }
  const grid = checkBidGrid(options.bidGrid ?? DEFAULT_BID_GRID, '--bid-grid');
  const policyName = options.policy ?? loggingPolicyName(scenario);
  const policy = scenario.policies.find((p) => p.name === policyName);
  if (!policy) throw new ReplayError('REPLAY_OPTIONS', `no policy named '${policyName ?? ''}' in scenario ${scenario.name}`, '--policy');
  if (policy.kind === 'oracle') throw new ReplayError('REPLAY_OPTIONS', 'the oracle cannot log: a logging policy must be one a real bidder could run', '--policy');

  const seed = options.seed ?? scenario.seed;
  const { streams, profiles, traffic, competitors, rule } = buildScenarioWorld(scenario, seed);
  const total = Math.min(traffic.total, options.maxOpportunities ?? Infinity);
  const startEpoch = startEpochSeconds(scenario);
  const values = campaignValues(scenario);
  const bidder = new Bidder(policy.name, policy.pricing, policy.pacing.mode, scenario.campaigns.map((c, i) => bidderCampaign(c, values[i]!)),
    scenario.traffic.dailyPattern as ReadonlyArray<number>);
  const predictor = policy.kind === 'model' ? await loadModelFile(policy.model) : undefined;
  if (predictor && policy.kind === 'model') checkModelFeatures(predictor.featureNames, policy.model);
  const features = new Float64Array(NUM_FEATURES);
  const estimate = predictor ? { pConversion: () => predictor.predictOne(features, 0) } : NaN;
  const logging = streams.stream(options.exploreSeed === undefined ? 'logging' : `logging/${options.exploreSeed}`).draws();
  const actions = gridActions(grid);

  let records = 0, bids = 0, wins = 0, spend = 0, conversions = 0, postbackCount = 0;
  while (records < total) {
    const item = traffic.nextItem();
    if (!item) break;
    const { opportunity, truth } = item;
    const request = opportunity.request;
    const ifa = request.device?.ifa;
    const profile = ifa === undefined ? undefined : profiles.get(ifa);
    if (profile) writeFeatures(request, profile, opportunity.time, features, 0);
    const d = bidder.decide(request, profile, opportunity.time, features, 0, estimate);
    const floor = request.imp[0]?.bidfloor ?? 0;
    let price: number | null = d.bid ? d.cpm : null;
    let propensity: number | null = null;
    if (explore > 0) {
      // Snapped as a gridded policy snaps: a grid price under the floor is no bid.
      const snapped = price === null ? null : snapToGrid(price, grid);
      const own = snapped !== null && snapped >= floor ? snapped : null;
      // Only users on a retargeting list are explored: a bidder has no reason to buy anyone else.
      if (profile && logging.reset(opportunity.id, EXPLORE_COIN).nextDouble() < explore) {
        const k = Math.floor(logging.reset(opportunity.id, EXPLORE_ACTION).nextDouble() * actions);
        price = k === 0 ? null : grid[k - 1]!;
      } else {
        price = own;
      }
      propensity = profile ? (price === own ? 1 - explore : 0) + explore / actions : 1;
    }
    const bidsDrawn = competitors.draw(opportunity, truth);
    const r = rule.resolve(price ?? undefined, bidsDrawn, floor);
    const reportMinToWin = minToWinShare > 0 && logging.reset(opportunity.id, MIN_TO_WIN_REPORTED).nextDouble() < minToWinShare;
    const campaign = profile ? scenario.campaigns[profile.campaign] : undefined;
    let clickTime: number | null = null;
    const postbacks: LoggedPostback[] = [];
    if (price !== null) bids++;
    if (r.won && campaign && profile) {
      wins++;
      spend += r.paidCpm / 1000;
      bidder.recordWin(profile.campaign, profile.key, opportunity.time, r.paidCpm / 1000);
      // A stage of its own per win plays the impression's whole chain out at once, so the record
      // is complete when written (a production log joins postbacks to impressions the same way, later).
      const chain = new AttributionStage({ streams, attribution: scenario.attribution, startEpochSeconds: startEpoch });
      chain.onWin(0, opportunity, truth, campaign, r.paidCpm);
      chain.drainAll((e: AttributionEvent) => {
        if (e.kind === 'click') clickTime = startEpoch + e.time;
        if (e.conversion && e.attributed !== null) conversions++;
        if (e.postback && e.attributed !== null && e.kind !== 'impression' && e.kind !== 'click') {
          postbacks.push({
            kind: e.kind, partner: e.postback.partner, eventId: e.postback.eventId, attributed: e.attributed,
            time: startEpoch + e.time, receivedAt: startEpoch + e.postback.receivedAt,
            revenue: e.kind === 'purchase' ? e.value : 0, currency: 'USD', params: e.postback.params,
          });
        }
      });
      postbacks.sort((a, b) => a.receivedAt - b.receivedAt);
      postbackCount += postbacks.length;
    }
    const record: AuctionLogRecord = {
      schemaVersion: LOG_SCHEMA_VERSION,
      opportunityId: opportunity.id,
      time: startEpoch + opportunity.time,
      request,
      decision: {
        bid: price !== null, priceCpm: price, nbr: price === null ? (d.bid ? 0 : d.nbr ?? 0) : null, propensity,
        policy: policy.name, campaignId: price !== null && campaign ? campaign.id : null,
      },
      market: {
        floorCpm: floor, clearingCpm: r.won ? r.paidCpm : null, minToWinCpm: reportMinToWin ? r.minToWinCpm : null,
        won: r.won, paidCpm: r.won ? r.paidCpm : null,
      },
      outcomes: { clickTime, postbacks },
    };
    await sink.write(record);
    records++;
    if (records % 50_000 === 0) options.onProgress?.(records);
  }
  return { scenario: scenario.name, seed, policy: policy.name, explore, ...(options.exploreSeed === undefined ? {} : { exploreSeed: options.exploreSeed }), bidGrid: grid, records, bids, wins, spend, conversions, postbacks: postbackCount };
}
