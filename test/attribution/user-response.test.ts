import { describe, expect, it } from 'vitest';
import { drawResponse, emptyResponse, ResponseModel, type UserResponse } from '../../src/attribution/index.js';
import { RandomStreams } from '../../src/rng/index.js';
import { attributionConfig, purchaseCampaign, reengageCampaign, truth } from './helpers.js';

const Z = 5;

function snapshot(r: UserResponse): unknown {
  const n = r.purchaseCount;
  return {
    ...r,
    purchaseAt: Array.from(r.purchaseAt.subarray(0, n)),
    purchaseValue: Array.from(r.purchaseValue.subarray(0, n)),
    purchasePostbackDelay: Array.from(r.purchasePostbackDelay.subarray(0, n)),
  };
}

/** Truth with everything likely, so short runs still see whole chains. */
const rich = truth({ pClick: 0.4, pReengageGivenClick: 0.6, pViewThrough: 0.3, pPurchaseGivenReengage: 0.7 });

describe('drawResponse', () => {
  const model = new ResponseModel(attributionConfig(), purchaseCampaign());

  it('gives the same chain to every policy: separate cursors, separate stream objects, reused or fresh output', () => {
    const a = new RandomStreams(42).stream('response').draws();
    const b = new RandomStreams(42).stream('response').draws();
    const reused = emptyResponse(model.maxPurchases);
    for (let id = 0; id < 2000; id++) {
      const first = snapshot(drawResponse(rich, id, model, a));
      expect(snapshot(drawResponse(rich, id, model, b, reused))).toEqual(first);
    }
  });

  it('gives the same chains in shuffled order and with other opportunities drawn in between', () => {
    const draws = new RandomStreams(42).stream('response').draws();
    const ids = Array.from({ length: 3000 }, (_, i) => i * 7919);
    const inOrder = new Map(ids.map((id) => [id, snapshot(drawResponse(rich, id, model, draws))]));
    const shuffled = [...ids];
    const order = new RandomStreams(1).stream('shuffle').sequence();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = order.nextUint32() % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    for (const id of shuffled) {
      drawResponse(truth(), id + 1, model, draws);
      expect(snapshot(drawResponse(rich, id, model, draws))).toEqual(inOrder.get(id));
    }
    const chains = [...inOrder.values()] as UserResponse[];
    expect(chains.some((c) => c.purchaseCount > 1)).toBe(true);
  });

  it('differs between seeds', () => {
    const a = new RandomStreams(1).stream('response').draws();
    const b = new RandomStreams(2).stream('response').draws();
    let same = 0;
    for (let id = 0; id < 200; id++) {
      if (JSON.stringify(snapshot(drawResponse(rich, id, model, a))) === JSON.stringify(snapshot(drawResponse(rich, id, model, b)))) same++;
    }
    expect(same).toBeLessThan(200);
  });

  it('matches the truth probabilities and expected purchase value within 5 standard errors', () => {
    const t = truth();
    const draws = new RandomStreams(2026).stream('response').draws();
    const out = emptyResponse(model.maxPurchases);
    const n = 200_000;
    let clicks = 0;
    let viaClick = 0;
    let noClick = 0;
    let viewThrough = 0;
    let reengaged = 0;
    let buyers = 0;
    let purchases = 0;
    let revenue = 0;
    let revenueSq = 0;
    for (let id = 0; id < n; id++) {
      const r = drawResponse(t, id, model, draws, out);
      if (r.clicked) {
        clicks++;
        if (r.reengaged) viaClick++;
      } else {
        noClick++;
        if (r.reengaged) viewThrough++;
      }
      if (!r.reengaged) continue;
      reengaged++;
      let total = 0;
      for (let i = 0; i < r.purchaseCount; i++) {
        total += r.purchaseValue[i];
        expect(r.purchaseAt[i]).toBeGreaterThan(i === 0 ? r.reengageAt : r.purchaseAt[i - 1]);
      }
      if (r.purchaseCount > 0) buyers++;
      purchases += r.purchaseCount;
      revenue += total;
      revenueSq += total * total;
    }
    const rate = (k: number, m: number, p: number) => expect(Math.abs(k / m - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / m));
    rate(clicks, n, t.pClick);
    rate(viaClick, clicks, t.pReengageGivenClick);
    rate(viewThrough, noClick, t.pViewThrough);
    rate(buyers, reengaged, t.pPurchaseGivenReengage);
    const meanCount = purchases / buyers;
    expect(Math.abs(meanCount - model.meanPurchases)).toBeLessThan(0.1);
    const mean = revenue / reengaged;
    const sd = Math.sqrt(revenueSq / reengaged - mean * mean);
    expect(Math.abs(mean - t.pPurchaseGivenReengage * t.expectedPurchaseValue)).toBeLessThan(Z * (sd / Math.sqrt(reengaged)) + 0.01);
  });

  it('prices the re-engagement of a re-engagement campaign at valuePerConversion', () => {
    const reModel = new ResponseModel(attributionConfig(), reengageCampaign(), { repeatPurchase: 0 });
    const draws = new RandomStreams(5).stream('response').draws();
    let seen = 0;
    for (let id = 0; id < 500; id++) {
      const r = drawResponse(rich, id, reModel, draws);
      if (!r.reengaged) continue;
      seen++;
      expect(r.reengageValue).toBe(2.5);
      for (let i = 0; i < r.purchaseCount; i++) expect(r.purchaseValue[i]).toBe(12);
    }
    expect(seen).toBeGreaterThan(50);
  });

  it('draws nothing but no-click, no-open for a user outside the campaign', () => {
    const draws = new RandomStreams(5).stream('response').draws();
    const r = drawResponse(truth({ pClick: 0, pReengageGivenClick: 0, pViewThrough: 0 }), 3, model, draws);
    expect(r).toMatchObject({ clicked: false, reengaged: false, purchaseCount: 0 });
    expect(r.clickAt).toBeNaN();
  });

  it('refuses bad options and a re-engagement campaign without a value', () => {
    expect(() => new ResponseModel(attributionConfig(), purchaseCampaign(), { repeatPurchase: 1 })).toThrow(expect.objectContaining({ code: 'ATTRIBUTION_BAD_OPTION' }));
    expect(() => new ResponseModel(attributionConfig(), purchaseCampaign(), { maxPurchases: 0 })).toThrow(expect.objectContaining({ code: 'ATTRIBUTION_BAD_OPTION' }));
    const campaign = { ...reengageCampaign(), valuePerConversion: undefined };
    expect(() => new ResponseModel(attributionConfig(), campaign)).toThrow(expect.objectContaining({ code: 'ATTRIBUTION_BAD_CONFIG' }));
  });
});
