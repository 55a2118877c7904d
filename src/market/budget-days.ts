import { openUnit, purposeId, type Draws, type RandomStream } from '../rng/index.js';
import type { DeepReadonly, MarketConfig } from '../scenario/index.js';
import { drawMemberBid, type CompetitorGroups } from './competitor-groups.js';
import { quantileAtUnit } from './distribution-quantile.js';

const FLOOR_PURPOSE = purposeId('competitors/budget-days/floor');

/**
 * When each budget-limited bidder runs out of money on a simulated day, as a share of that day's
 * traffic. A real budget depends on everything the bidder won before, which would make one
 * opportunity's competitor bids depend on the order and partition the opportunities are processed
 * in, and on what our policies won. Instead each day is settled once, ahead of the opportunities:
 * `requestsPerDay` virtual auctions, keyed by (auction, day) in a stream of their own, in which
 * the market's competitors bid (without the users' truth, which only real opportunities carry)
 * against each other and the floor, under the market's auction rule, and our policies take no
 * part. A budget-limited bidder's spend accumulates over its virtual wins; after the auction that
 * spends its budget it stops, until the next day. The result is a pure function of (seed, market,
 * day): every policy, order and worker thread sees the same cut-off.
 *
 * Virtual floors use `floors.share` and `floors.cpm` with multipliers of 1: the virtual day knows
 * no formats or countries.
 */
export class BudgetDays {
  private readonly days = new Map<number, Float64Array>();
  private readonly draws: Draws;
  private readonly firstPrice: boolean;
  private readonly budgetOfSlot: Float64Array;

  constructor(
    private readonly compiled: CompetitorGroups,
    private readonly market: DeepReadonly<MarketConfig>,
    stream: RandomStream,
    private readonly requestsPerDay: number,
  ) {
    this.draws = stream.draws();
    this.firstPrice = market.auction === 'first-price';
    this.budgetOfSlot = new Float64Array(compiled.budgetSlots);
    for (const g of compiled.groups) {
      if (g.firstBudgetSlot >= 0) this.budgetOfSlot.fill(g.dailyBudgetCpm, g.firstBudgetSlot, g.firstBudgetSlot + g.count);
    }
  }

  /**
   * For each budget-limited bidder (numbered through the groups in order), the share of day `day`'s
   * traffic from which on it no longer bids: Infinity when its budget lasts the day. Computed once
   * per day and kept; do not modify.
   */
  exhaustion(day: number): Float64Array {
    let cutoffs = this.days.get(day);
    if (cutoffs === undefined) {
      cutoffs = this.settle(day);
      this.days.set(day, cutoffs);
    }
    return cutoffs;
  }

  private settle(day: number): Float64Array {
    const { groups, budgetSlots } = this.compiled;
    const { floors, secondPriceIncrementCpm } = this.market;
    const cutoffs = new Float64Array(budgetSlots).fill(Infinity);
    const spentCpm = new Float64Array(budgetSlots);
    const draws = this.draws;
    const n = this.requestsPerDay;
    let active = budgetSlots;
    for (let j = 0; j < n && active > 0; j++) {
      let highest = -1;
      let second = -1;
      let winnerSlot = -1;
      for (const group of groups) {
        draws.resetWords(j, day, group.purpose);
        for (let m = 0; m < group.count; m++) {
          const bid = drawMemberBid(group, draws, NaN);
          const slot = group.firstBudgetSlot < 0 ? -1 : group.firstBudgetSlot + m;
          if (bid < 0 || (slot >= 0 && cutoffs[slot] !== Infinity)) continue;
          if (bid > highest) {
            second = highest;
            highest = bid;
            winnerSlot = slot;
          } else if (bid > second) {
            second = bid;
          }
        }
      }
      if (winnerSlot < 0) continue;
      draws.resetWords(j, day, FLOOR_PURPOSE);
      const hasFloor = draws.nextDouble() < floors.share;
      const u = openUnit(draws);
      const floor = hasFloor ? quantileAtUnit(floors.cpm, u) : 0;
      if (highest < floor) continue;
      spentCpm[winnerSlot] += this.firstPrice ? highest : Math.min(highest, Math.max(second, floor) + secondPriceIncrementCpm);
      if (spentCpm[winnerSlot] >= this.budgetOfSlot[winnerSlot]) {
        cutoffs[winnerSlot] = (j + 1) / n;
        active--;
      }
    }
    return cutoffs;
  }
}
