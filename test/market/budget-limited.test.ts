import { describe, expect, it } from 'vitest';
import { createCompetitorField } from '../../src/market/index.js';
import { RandomStreams } from '../../src/rng/index.js';
import { DAY, shippedScenario, syntheticMarket } from './market-fixtures.js';

// One bidder that always bids 5 CPM (0.005 USD an impression) and a budget of 1 USD: alone on
// the exchange it wins every virtual auction, so it is spent after 200 of them.
const spender = { kind: 'budget-limited', name: 'spender', participation: 1, value: { dist: 'constant', value: 5 }, dailyBudget: 1 };
const quiet = { floors: { share: 0 } };

describe('budget-limited bidders', () => {
  it('stop within a day once the budget is spent, and resume the next day', () => {
    const field = createCompetitorField(syntheticMarket({ ...quiet, competitors: [spender] }), new RandomStreams(21), { requestsPerDay: 1_000 });
    expect(field.budgetCutoffs(0)).toEqual([0.2]);
    const bidsAt = (time: number, id: number) => field.draw({ id, time }, undefined).bidders;
    expect(bidsAt(0, 1)).toBe(1);
    expect(bidsAt(0.19 * DAY, 2)).toBe(1);
    expect(bidsAt(0.2 * DAY, 3)).toBe(0);
    expect(bidsAt(0.9 * DAY, 4)).toBe(0);
    expect(bidsAt(DAY + 0.1 * DAY, 5)).toBe(1);
    expect(bidsAt(DAY + 0.5 * DAY, 6)).toBe(0);
  });

  it('last longer when rivals win some auctions, and the floor others', () => {
    const rival = { kind: 'noise', name: 'rival', participation: 0.5, bid: { dist: 'constant', value: 6 } };
    const alone = createCompetitorField(syntheticMarket({ ...quiet, competitors: [spender] }), new RandomStreams(22), { requestsPerDay: 1_000 });
    const contested = createCompetitorField(syntheticMarket({ ...quiet, competitors: [spender, rival] }), new RandomStreams(22), { requestsPerDay: 1_000 });
    const floored = createCompetitorField(
      syntheticMarket({ floors: { share: 0.5, cpm: { dist: 'constant', value: 10 } }, competitors: [spender] }),
      new RandomStreams(22),
      { requestsPerDay: 1_000 },
    );
    const cutoff = (field: typeof alone) => field.budgetCutoffs(0)[0];
    expect(cutoff(contested)).toBeGreaterThan(0.3);
    expect(cutoff(contested)).toBeLessThan(0.5);
    expect(cutoff(floored)).toBeGreaterThan(0.3);
    expect(cutoff(alone)).toBe(0.2);
  });

  it('pay the second price in a second-price market, so they last longer', () => {
    const rival = { kind: 'noise', name: 'rival', participation: 1, bid: { dist: 'constant', value: 1 } };
    const market = syntheticMarket({ ...quiet, auction: 'second-price', secondPriceIncrementCpm: 0, competitors: [spender, rival] });
    const field = createCompetitorField(market, new RandomStreams(23), { requestsPerDay: 10_000 });
    // 1 CPM a win: 1000 wins spend 1 USD.
    expect(field.budgetCutoffs(0)).toEqual([0.1]);
  });

  it('never run out when the budget outlasts the day', () => {
    const rich = { ...spender, dailyBudget: 1e6 };
    const field = createCompetitorField(syntheticMarket({ ...quiet, competitors: [rich] }), new RandomStreams(24), { requestsPerDay: 500 });
    expect(field.budgetCutoffs(3)).toEqual([Infinity]);
    expect(field.draw({ id: 1, time: 3 * DAY + DAY - 1 }, undefined).bidders).toBe(1);
  });

  it('settle each day the same whichever day is asked first and whoever else asked', async () => {
    const scenario = await shippedScenario('first-price-shading');
    const options = { requestsPerDay: scenario.traffic.requestsPerDay };
    const a = createCompetitorField(scenario.market, new RandomStreams(scenario.seed), options);
    const b = createCompetitorField(scenario.market, new RandomStreams(scenario.seed), options);
    const aDays = [0, 1].map((d) => a.budgetCutoffs(d));
    b.draw({ id: 5, time: 1.5 * DAY }, undefined);
    const bDays = [1, 0].map((d) => b.budgetCutoffs(d)).reverse();
    expect(bDays).toEqual(aDays);
    // The shipped big retargeter spends its 400 USD some way into its 500 000-request days.
    for (const [cutoff] of aDays) {
      expect(cutoff).toBeGreaterThan(0.3);
      expect(cutoff).toBeLessThan(0.9);
    }
    expect(new Set(aDays.map(([c]) => c)).size).toBeGreaterThan(1);
  });

  it('follow the given day clock and traffic share', () => {
    // Days of 1000 s; the share of a day's traffic is the square of the elapsed share (traffic
    // rising through the day).
    const field = createCompetitorField(syntheticMarket({ ...quiet, competitors: [spender] }), new RandomStreams(25), {
      requestsPerDay: 1_000,
      dayIndex: (t) => Math.floor(t / 1000),
      dayFraction: (t) => ((t % 1000) / 1000) ** 2,
    });
    expect(field.draw({ id: 1, time: 440 }, undefined).bidders).toBe(1);
    expect(field.draw({ id: 2, time: 460 }, undefined).bidders).toBe(0);
    expect(field.draw({ id: 3, time: 1440 }, undefined).bidders).toBe(1);
  });
});
