import type { RandomStreams } from '../rng/index.js';
import type { CompetitorBids, Opportunity, OpportunityTruth } from '../domain/index.js';
import type { DeepReadonly, MarketConfig } from '../scenario/index.js';
import { BudgetDays } from './budget-days.js';
import { compileGroups, drawMemberBid } from './competitor-groups.js';
import { MarketError } from './market-error.js';

const SECONDS_PER_DAY = 86400;

/** A {@link CompetitorBids} the field writes into; see {@link CompetitorField.draw}. */
export type MutableCompetitorBids = {
  -readonly [K in keyof CompetitorBids]: CompetitorBids[K];
};

export interface CompetitorFieldOptions {
  /**
   * Requests per simulated day, the length of the virtual day on which budget-limited bidders
   * spend their budgets (see {@link BudgetDays}). Default 100 000; the composition root passes
   * the scenario's `traffic.requestsPerDay`.
   */
  readonly requestsPerDay?: number;
  /** The simulated day of a time, a non-negative integer. Default floor(time / 86 400). */
  readonly dayIndex?: (time: number) => number;
  /**
   * The share of its day's traffic that comes before `time`, in [0, 1]: where a budget-limited
   * bidder's cut-off falls in real time. Default: the elapsed share of the 86 400 s day (flat
   * traffic); pass the daily traffic pattern's cumulative share for shaped days.
   */
  readonly dayFraction?: (time: number) => number;
  /**
   * How valuable the user is, as a score that is about standard normal across the world's
   * opportunities: a bidder's value score is valueCorrelation × this + √(1 − ρ²) × its own noise.
   * Default {@link defaultTruthScore}; a world that knows its own distribution can pass a better one.
   */
  readonly truthScore?: (truth: OpportunityTruth) => number;
}

/** Draws every rival population's bids for one opportunity; see {@link createCompetitorField}. */
export interface CompetitorField {
  /**
   * The competing bids for `opportunity`, a pure function of the seed, the market and the
   * opportunity (its id, time and, when known, truth): the same whichever policy asks, in
   * whatever order or partition. Writes into `out`, by default one result object the field owns
   * and overwrites on every call: copy it to keep it.
   */
  draw(opportunity: Pick<Opportunity, 'id' | 'time'>, truth: OpportunityTruth | undefined, out?: MutableCompetitorBids): CompetitorBids;
  /** For each budget-limited bidder, the share of day `day`'s traffic after which it stops (Infinity: never). */
  budgetCutoffs(day: number): readonly number[];
  /** The population names, by the index {@link CompetitorBids.highestBidder} uses. */
  readonly groupNames: readonly string[];
}

const REFERENCE_LOG_VALUE = Math.log(0.0015);

/**
 * The default user value score: the log of the expected re-engagements per impression, weighted
 * up by the purchases they bring, centred on 0.0015 (the world's default click-through and
 * view-through rates) with one unit per factor e. Clipped to ±8.
 */
export function defaultTruthScore(truth: OpportunityTruth): number {
  const reengage = truth.pClick * truth.pReengageGivenClick + (1 - truth.pClick) * truth.pViewThrough;
  const value = reengage * (1 + truth.pPurchaseGivenReengage * truth.expectedPurchaseValue);
  const z = value > 0 ? Math.log(value) - REFERENCE_LOG_VALUE : -8;
  return z > 8 ? 8 : z < -8 ? -8 : z;
}

/**
 * The rival bidders of `market`: truthful (bid their value), shading (value × shading),
 * budget-limited (value × shading until the day's budget is spent, see {@link BudgetDays}) and
 * noise (bids unrelated to the user). Each of a group's `count` bidders takes part with
 * probability `participation`; values lean towards the user's worth by `valueCorrelation`
 * through a Gaussian copula, so the marginal value distribution is the configured one. Draws come
 * from the 'competitors' stream keyed by (opportunity id, group name).
 *
 * Competitor ties keep the earlier population (in configuration order) as the highest bidder.
 * @throws MarketError MARKET_BAD_CONFIG on duplicate group names or a bad option.
 */
export function createCompetitorField(
  market: DeepReadonly<MarketConfig>,
  streams: RandomStreams,
  options: CompetitorFieldOptions = {},
): CompetitorField {
  const requestsPerDay = options.requestsPerDay ?? 100_000;
  if (!(Number.isSafeInteger(requestsPerDay) && requestsPerDay >= 1 && requestsPerDay <= 2 ** 32)) {
    throw new MarketError('MARKET_BAD_CONFIG', `requestsPerDay must be an integer in [1, 2^32], got ${requestsPerDay}`, 'createCompetitorField');
  }
  const dayIndex = options.dayIndex ?? ((time: number) => Math.floor(time / SECONDS_PER_DAY));
  const dayFraction = options.dayFraction ?? ((time: number) => (time - Math.floor(time / SECONDS_PER_DAY) * SECONDS_PER_DAY) / SECONDS_PER_DAY);
  const truthScore = options.truthScore ?? defaultTruthScore;
  const compiled = compileGroups(market.competitors);
  const { groups } = compiled;
  const budgetDays = compiled.budgetSlots > 0
    ? new BudgetDays(compiled, market, streams.stream('competitors/budget-days'), requestsPerDay)
    : undefined;
  const draws = streams.stream('competitors').draws();
  const shared: MutableCompetitorBids = { highestCpm: 0, secondCpm: 0, highestBidder: -1, bidders: 0 };

  const cutoffsAt = (time: number): Float64Array | undefined => {
    if (budgetDays === undefined) return undefined;
    const day = dayIndex(time);
    if (!(Number.isInteger(day) && day >= 0 && day < 2 ** 32)) {
      throw new MarketError('MARKET_BAD_TIME', `the simulated day of time ${time} must be an integer in [0, 2^32), got ${day}`, 'CompetitorField.draw');
    }
    return budgetDays.exhaustion(day);
  };

  return {
    groupNames: groups.map((g) => g.name),

    draw(opportunity, truth, out = shared) {
      const cutoffs = cutoffsAt(opportunity.time);
      const fraction = cutoffs === undefined ? 0 : dayFraction(opportunity.time);
      const score = truth === undefined ? NaN : truthScore(truth);
      let highest = -1;
      let second = -1;
      let highestBidder = -1;
      let bidders = 0;
      for (let g = 0; g < groups.length; g++) {
        const group = groups[g];
        draws.reset(opportunity.id, group.purpose);
        for (let m = 0; m < group.count; m++) {
          const cpm = drawMemberBid(group, draws, score);
          if (cpm < 0) continue;
          if (cutoffs !== undefined && group.firstBudgetSlot >= 0 && fraction >= cutoffs[group.firstBudgetSlot + m]) continue;
          bidders++;
          if (cpm > highest) {
            second = highest;
            highest = cpm;
            highestBidder = g;
          } else if (cpm > second) {
            second = cpm;
          }
        }
      }
      out.highestCpm = bidders > 0 ? highest : 0;
      out.secondCpm = bidders > 1 ? second : 0;
      out.highestBidder = highestBidder;
      out.bidders = bidders;
      return out;
    },

    budgetCutoffs(day) {
      if (budgetDays === undefined) return [];
      if (!(Number.isInteger(day) && day >= 0 && day < 2 ** 32)) {
        throw new MarketError('MARKET_BAD_TIME', `a simulated day must be an integer in [0, 2^32), got ${day}`, 'CompetitorField.budgetCutoffs');
      }
      return Array.from(budgetDays.exhaustion(day));
    },
  };
}
