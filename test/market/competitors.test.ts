import { describe, expect, it } from 'vitest';
import type { CompetitorBids } from '../../src/domain/index.js';
import { createCompetitorField, defaultTruthScore } from '../../src/market/index.js';
import { normal, RandomStreams } from '../../src/rng/index.js';
import { expectFrequencies, expectMean, moments } from '../rng/sample-stats.js';
import { DAY, shippedScenario, syntheticMarket, truthWithScore } from './market-fixtures.js';

const copy = (b: CompetitorBids): CompetitorBids => ({ ...b });

describe('competitor field: common random numbers', () => {
  it('gives an opportunity the same bids whatever the order, and however many other ids were drawn before', async () => {
    const scenario = await shippedScenario('first-price-shading');
    const options = { requestsPerDay: scenario.traffic.requestsPerDay };
    const n = 3_000;
    const opportunities = Array.from({ length: n }, (_, i) => ({ id: i * 7 + 3, time: (i / n) * 2 * DAY }));
    const truths = opportunities.map((_, i) => (i % 3 === 0 ? undefined : truthWithScore(((i % 11) - 5) / 2)));

    const inOrder = createCompetitorField(scenario.market, new RandomStreams(scenario.seed), options);
    const expected = opportunities.map((o, i) => copy(inOrder.draw(o, truths[i])));

    const shuffled = createCompetitorField(scenario.market, new RandomStreams(scenario.seed), options);
    const order = opportunities.map((_, i) => i);
    const shuffle = new RandomStreams(1).stream('shuffle').sequence();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle.nextDouble() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const got: CompetitorBids[] = new Array(n);
    for (const i of order) {
      // Unrelated ids in between, at other times (and days), must not disturb anything.
      shuffled.draw({ id: 1_000_000 + i, time: ((i * 13) % n / n) * 3 * DAY }, truthWithScore(1));
      got[i] = copy(shuffled.draw(opportunities[i], truths[i]));
    }
    expect(got).toEqual(expected);
    // Some opportunities see bids; the big budget-limited retargeter tops some before its budget
    // runs out each day, and none after.
    expect(expected.filter((b) => b.bidders > 0).length).toBeGreaterThan(n / 2);
    const [cutoff] = inOrder.budgetCutoffs(0);
    expect(cutoff).toBeLessThan(1);
    const topped = (from: number, to: number) => opportunities.filter((o, i) => o.time >= from && o.time < to && expected[i].highestBidder === 2).length;
    expect(topped(0, cutoff * DAY)).toBeGreaterThan(0);
    expect(topped(cutoff * DAY, DAY)).toBe(0);
  });

  it('is the same for every seed-equal field, and differs between seeds', async () => {
    const { market } = await shippedScenario('heavy-floors');
    const draw = (seed: number) => {
      const field = createCompetitorField(market, new RandomStreams(seed));
      return Array.from({ length: 200 }, (_, id) => copy(field.draw({ id, time: id }, undefined)));
    };
    expect(draw(1234)).toEqual(draw(1234));
    expect(draw(1234)).not.toEqual(draw(1235));
  });

  it('keys draws by group name: adding a group leaves the others\' bids alone', () => {
    const retargeters = { kind: 'truthful', name: 'retargeters', count: 3, participation: 1, value: { dist: 'lognormal', median: 2, sigma: 0.5 } };
    const noise = { kind: 'noise', name: 'brand', count: 2, participation: 1, bid: { dist: 'constant', value: 0 } };
    const alone = createCompetitorField(syntheticMarket({ competitors: [retargeters] }), new RandomStreams(5));
    const withNoise = createCompetitorField(syntheticMarket({ competitors: [noise, retargeters] }), new RandomStreams(5));
    for (let id = 0; id < 100; id++) {
      expect(withNoise.draw({ id, time: 0 }, undefined).highestCpm).toBe(alone.draw({ id, time: 0 }, undefined).highestCpm);
    }
  });

  it('writes into one reused result unless given its own', () => {
    const field = createCompetitorField(syntheticMarket({}), new RandomStreams(3));
    const a = field.draw({ id: 1, time: 0 }, undefined);
    const b = field.draw({ id: 2, time: 0 }, undefined);
    expect(a).toBe(b);
    const mine = { highestCpm: 0, secondCpm: 0, highestBidder: -1, bidders: 0 };
    expect(field.draw({ id: 1, time: 0 }, undefined, mine)).toBe(mine);
    expect(field.groupNames).toEqual(['retargeters', 'performance-dsps', 'brand-demand']);
  });

  it('refuses duplicate group names and times before day 0', () => {
    const g = { kind: 'noise', name: 'same', bid: { dist: 'constant', value: 1 } };
    expect(() => createCompetitorField(syntheticMarket({ competitors: [g, g] }), new RandomStreams(1))).toThrow(expect.objectContaining({ code: 'MARKET_BAD_CONFIG' }));
    const budget = { kind: 'budget-limited', name: 'b', value: { dist: 'constant', value: 1 }, dailyBudget: 1 };
    const field = createCompetitorField(syntheticMarket({ competitors: [budget] }), new RandomStreams(1), { requestsPerDay: 10 });
    expect(() => field.draw({ id: 1, time: -5 }, undefined)).toThrow(expect.objectContaining({ code: 'MARKET_BAD_TIME' }));
  });
});

describe('competitor field: populations match their parameters', () => {
  const N = 40_000;

  it('lets each bidder take part with its participation probability', () => {
    const market = syntheticMarket({
      competitors: [{ kind: 'truthful', name: 'five', count: 5, participation: 0.3, value: { dist: 'lognormal', median: 1, sigma: 0.5 } }],
    });
    const field = createCompetitorField(market, new RandomStreams(11));
    const counts = new Float64Array(6);
    for (let id = 0; id < N; id++) counts[field.draw({ id, time: id }, undefined).bidders]++;
    const binomial = [0, 1, 2, 3, 4, 5].map((k) => [1, 5, 10, 10, 5, 1][k] * 0.3 ** k * 0.7 ** (5 - k));
    expectFrequencies(counts, binomial);
  });

  it('draws values from the value distribution when the truth is unknown', () => {
    const market = syntheticMarket({
      competitors: [{ kind: 'truthful', name: 'one', participation: 1, value: { dist: 'lognormal', median: 1.5, sigma: 0.8 } }],
    });
    const field = createCompetitorField(market, new RandomStreams(12));
    const logs = new Float64Array(N);
    for (let id = 0; id < N; id++) logs[id] = Math.log(field.draw({ id, time: 0 }, undefined).highestCpm);
    const m = moments(logs);
    expectMean(m, Math.log(1.5), 0.64);
    expect(Math.sqrt(m.variance)).toBeCloseTo(0.8, 1);
  });

  it.each([
    [{ dist: 'uniform', min: 0.5, max: 2.5 }, 1.5, 4 / 12],
    [{ dist: 'exponential', mean: 2 }, 2, 4],
    [{ dist: 'gamma', mean: 3, shape: 4 }, 3, 9 / 4],
    [{ dist: 'constant', value: 1.25 }, 1.25, 0],
  ])('keeps the marginal %o when values lean on a standard normal truth score', (value, mean, variance) => {
    const market = syntheticMarket({ competitors: [{ kind: 'truthful', name: 'one', participation: 1, value, valueCorrelation: 0.6 }] });
    const truthSource = new RandomStreams(13).stream('truth').sequence();
    const field = createCompetitorField(market, new RandomStreams(13), { truthScore: (t) => t.pViewThrough });
    const xs = new Float64Array(N);
    for (let id = 0; id < N; id++) {
      const truth = { ...truthWithScore(0), pViewThrough: normal(truthSource) };
      xs[id] = field.draw({ id, time: 0 }, truth).highestCpm;
    }
    const m = moments(xs);
    if (variance === 0) expect(m.variance).toBe(0);
    // Gamma goes through the Wilson–Hilferty approximation: allow it a little bias.
    else if (value.dist === 'gamma') expect(Math.abs(m.mean - mean) / mean).toBeLessThan(0.01);
    else expectMean(m, mean, variance);
    expect(m.mean).toBeCloseTo(mean, 1);
  });

  it('makes values lean towards good users by valueCorrelation', () => {
    const rho = 0.5;
    const market = syntheticMarket({
      competitors: [{ kind: 'truthful', name: 'one', participation: 1, value: { dist: 'lognormal', median: 1, sigma: 1 }, valueCorrelation: rho }],
    });
    const field = createCompetitorField(market, new RandomStreams(14));
    const truthSource = new RandomStreams(14).stream('truth').sequence();
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let id = 0; id < N; id++) {
      const truth = truthWithScore(normal(truthSource));
      const x = defaultTruthScore(truth);
      const y = Math.log(field.draw({ id, time: 0 }, truth).highestCpm);
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeCloseTo(rho, 1);
  });

  it('shades: a shading group bids exactly value × shading of the truthful group of the same name', () => {
    const value = { dist: 'lognormal', median: 2, sigma: 0.7 };
    const truthful = createCompetitorField(syntheticMarket({ competitors: [{ kind: 'truthful', name: 'dsp', count: 4, value }] }), new RandomStreams(15));
    const shading = createCompetitorField(syntheticMarket({ competitors: [{ kind: 'shading', name: 'dsp', count: 4, value, shading: 0.7 }] }), new RandomStreams(15));
    let seen = 0;
    for (let id = 0; id < 2_000; id++) {
      const t = copy(truthful.draw({ id, time: 0 }, truthWithScore(0.5)));
      const s = shading.draw({ id, time: 0 }, truthWithScore(0.5));
      expect(s.bidders).toBe(t.bidders);
      expect(s.highestCpm).toBeCloseTo(t.highestCpm * 0.7, 12);
      expect(s.secondCpm).toBeCloseTo(t.secondCpm * 0.7, 12);
      seen += t.bidders;
    }
    expect(seen).toBeGreaterThan(3_000);
  });

  it('draws noise bids uniformly within their range, whatever the truth', () => {
    const market = syntheticMarket({ competitors: [{ kind: 'noise', name: 'brand', participation: 1, bid: { dist: 'uniform', min: 0.2, max: 1.2 } }] });
    const field = createCompetitorField(market, new RandomStreams(16));
    const bins = new Float64Array(20);
    for (let id = 0; id < N; id++) {
      const bid = field.draw({ id, time: 0 }, id % 2 === 0 ? truthWithScore(3) : undefined).highestCpm;
      expect(bid >= 0.2 && bid < 1.2).toBe(true);
      bins[Math.floor((bid - 0.2) * 20)]++;
    }
    expectFrequencies(bins, new Float64Array(20).fill(1 / 20));
  });

  it('reports the top two bids and the population of the highest', () => {
    const market = syntheticMarket({
      competitors: [
        { kind: 'noise', name: 'low', count: 3, participation: 1, bid: { dist: 'constant', value: 1 } },
        { kind: 'noise', name: 'high', count: 1, participation: 1, bid: { dist: 'constant', value: 2 } },
        { kind: 'noise', name: 'tie', count: 1, participation: 1, bid: { dist: 'constant', value: 2 } },
      ],
    });
    const field = createCompetitorField(market, new RandomStreams(17));
    expect({ ...field.draw({ id: 9, time: 0 }, undefined) }).toEqual({ highestCpm: 2, secondCpm: 2, highestBidder: 1, bidders: 5 });
    const nobody = createCompetitorField(syntheticMarket({ competitors: [] }), new RandomStreams(17));
    expect({ ...nobody.draw({ id: 9, time: 0 }, undefined) }).toEqual({ highestCpm: 0, secondCpm: 0, highestBidder: -1, bidders: 0 });
  });
});
