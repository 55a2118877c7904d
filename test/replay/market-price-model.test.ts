import { describe, expect, it } from 'vitest';
import { MarketPriceModel, type MarketObservation } from '../../src/replay/index.js';
import { normal, RandomStreams } from '../../src/rng/index.js';

/** Auctions whose highest rival bid is 0 (no rival) with probability `none`, else log-normal; seen as a logger with random bids would see them. */
function censoredAuctions(n: number, none: number, mu: number, sigma: number, floor: number): MarketObservation[] {
  const draws = new RandomStreams(5).stream('test').draws();
  const out: MarketObservation[] = [];
  for (let i = 0; i < n; i++) {
    const d = draws.reset(i, 0);
    const h = d.nextDouble() < none ? 0 : Math.exp(normal(d, mu, sigma));
    const bid = Math.exp(normal(d, mu, 1));
    const u = d.nextDouble();
    if (u < 0.3) out.push({ kind: 'exact', floorCpm: floor, cpm: Math.max(h, floor) === floor ? floor : h });
    else if (h < bid) out.push({ kind: 'below', floorCpm: floor, cpm: bid });
    else out.push({ kind: 'above', floorCpm: floor, cpm: bid });
  }
  // An "exact" H at the floor is only a bound: the exchange cannot tell a rival below the floor from none.
  return out.map((o) => (o.kind === 'exact' && o.cpm === floor ? { kind: 'below', floorCpm: floor, cpm: floor } : o));
}

describe('MarketPriceModel', () => {
  it('recovers the rival-bid distribution from censored observations', () => {
    const model = MarketPriceModel.fit(censoredAuctions(40_000, 0.2, 0.5, 0.7, 0.05));
    const band = model.bands[0]!;
    expect(band.observations).toBe(40_000);
    expect(band.mu).toBeCloseTo(0.5, 1);
    expect(band.sigma).toBeCloseTo(0.7, 1);
    expect(band.none).toBeGreaterThan(0.15);
    expect(band.none).toBeLessThan(0.25);
  });

  it('fitting on uncensored data alone would be biased: the loss bounds matter', () => {
    const obs = censoredAuctions(40_000, 0, 0.5, 0.7, 0.05);
    const onlyExact = MarketPriceModel.fit(obs.filter((o) => o.kind === 'exact' || o.kind === 'below'));
    const all = MarketPriceModel.fit(obs);
    expect(Math.abs(all.bands[0]!.mu - 0.5)).toBeLessThan(Math.abs(onlyExact.bands[0]!.mu - 0.5));
  });

  it('draws inside the bounds a record sets, and the same draw for the same uniform', () => {
    const model = MarketPriceModel.fit(censoredAuctions(5_000, 0.2, 0.5, 0.7, 0.05));
    for (let k = 1; k < 100; k++) {
      const u = k / 100;
      const above = model.draw(0.05, u, 3);
      expect(above).toBeGreaterThanOrEqual(3);
      const below = model.draw(0.05, u, 0, 1.2);
      expect(below).toBeLessThanOrEqual(1.2);
      expect(below).toBeGreaterThanOrEqual(0);
      expect(model.draw(0.05, u)).toBe(model.draw(0.05, u));
    }
    // Quantiles rise with the uniform.
    expect(model.draw(0.05, 0.9)).toBeGreaterThan(model.draw(0.05, 0.5));
  });

  it('round-trips through JSON and refuses what is not a model', () => {
    const model = MarketPriceModel.fit(censoredAuctions(2_000, 0.2, 0.5, 0.7, 3));
    const back = MarketPriceModel.fromJson(JSON.parse(JSON.stringify(model.toJson())), 'm.json');
    expect(back.toJson()).toEqual(model.toJson());
    expect(back.draw(3, 0.7, 2)).toBe(model.draw(3, 0.7, 2));
    expect(() => MarketPriceModel.fromJson({ kind: 'other' }, 'm.json')).toThrow(/m\.json: not a bidlab market-price model/);
    const broken = { ...model.toJson(), pooled: { ...model.toJson().pooled, sigma: -1 } };
    expect(() => MarketPriceModel.fromJson(broken, 'm.json')).toThrow(/band pooled/);
  });

  it('with scores, fits each score band apart, draws from the band of the score given, and round-trips as version 2', () => {
    // Rivals bid more for users the logging policy scores higher: log H's mean rises with the score.
    const low = censoredAuctions(10_000, 0.1, 0.2, 0.5, 0.05).map((o, i) => ({ ...o, score: 0.001 * (1 + (i % 7)) / 7 }));
    const high = censoredAuctions(10_000, 0.1, 1.4, 0.5, 0.05).map((o, i) => ({ ...o, score: 0.01 + 0.001 * (i % 7) }));
    const model = MarketPriceModel.fit([...low, ...high], 'champion');
    expect(model.scores?.policy).toBe('champion');
    const cells = model.scores!.cells[0]!;
    const fitted = cells.filter((c) => c !== null);
    expect(fitted.length).toBeGreaterThanOrEqual(4);
    expect(cells[0]!.mu).toBeCloseTo(0.2, 1);
    expect(cells[4]!.mu).toBeCloseTo(1.4, 1);
    // The same uniform, a higher rival bid for the higher score; no score: the floor band's pooled fit.
    expect(model.draw(0.05, 0.6, 0, Infinity, 0.015)).toBeGreaterThan(model.draw(0.05, 0.6, 0, Infinity, 0.0002) * 2);
    expect(model.draw(0.05, 0.6)).toBe(MarketPriceModel.fit([...low, ...high]).draw(0.05, 0.6));
    const json = model.toJson();
    expect(json.version).toBe(2);
    const back = MarketPriceModel.fromJson(JSON.parse(JSON.stringify(json)), 'm.json');
    expect(back.toJson()).toEqual(json);
    expect(back.draw(0.05, 0.3, 1, Infinity, 0.02)).toBe(model.draw(0.05, 0.3, 1, Infinity, 0.02));
    expect(() => MarketPriceModel.fromJson({ ...json, scoreEdges: [3, 2, 1, 0] }, 'm.json')).toThrow(/m\.json: version 2 needs/);
    // Too few scored observations for every band: a floor-band model, version 1.
    expect(MarketPriceModel.fit(low.slice(0, 500), 'champion').toJson().version).toBe(1);
  });

  it('refuses to fit nothing', () => {
    expect(() => MarketPriceModel.fit([])).toThrow(/no market observations/);
  });

  it('gives the chance of H below a price that its own draws give, within the same bounds', () => {
    const model = MarketPriceModel.fit(censoredAuctions(20_000, 0.2, 0.5, 0.7, 0.05));
    for (const [lower, upper] of [[0, Infinity], [1.2, Infinity], [0, 2.5]] as const) {
      for (const cpm of [0.3, 1, 1.8, 3, 6]) {
        let below = 0;
        for (let k = 0; k < 2000; k++) if (model.draw(0.05, (k + 0.5) / 2000, lower, upper) < cpm) below++;
        expect(model.chanceBelow(0.05, cpm, lower, upper)).toBeCloseTo(below / 2000, 2);
      }
    }
    // "No rival" counts as below any positive price, but not once a loss has bounded H from below.
    expect(model.chanceBelow(0.05, 0.001)).toBeCloseTo(model.bands[0]!.none, 2);
    expect(model.chanceBelow(0.05, 1.2, 1.2)).toBe(0);
  });
});

