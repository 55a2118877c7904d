import { describe, expect, it } from 'vitest';
import { priceBid } from '../../src/engine/index.js';

const ev = { rule: 'expected-value', margin: 0.1, shading: 1, maxCpm: 30 } as const;

describe('priceBid', () => {
  it('prices by expected value, ROI target, margin and shading', () => {
    // 1000 × 0.002 × $5 ÷ 2 = $5 CPM; less 10% margin = $4.5; shaded by 0.8 = $3.6.
    expect(priceBid(ev, { pConversion: 0.002, valuePerConversion: 5, roiTarget: 2, floorCpm: 0 })).toEqual({ bid: true, cpm: 4.5 });
    const shaded = priceBid({ ...ev, shading: 0.8 }, { pConversion: 0.002, valuePerConversion: 5, roiTarget: 2, floorCpm: 0 });
    expect(shaded.bid && shaded.cpm).toBeCloseTo(3.6, 12);
  });

  it('caps at maxCpm and refuses to bid under the floor', () => {
    expect(priceBid(ev, { pConversion: 0.5, valuePerConversion: 100, roiTarget: 1, floorCpm: 0 })).toEqual({ bid: true, cpm: 30 });
    expect(priceBid(ev, { pConversion: 0.0001, valuePerConversion: 5, roiTarget: 1, floorCpm: 1 })).toEqual({ bid: false, cause: 'below-floor' });
    expect(priceBid(ev, { pConversion: 0, valuePerConversion: 5, roiTarget: 1, floorCpm: 0 })).toEqual({ bid: false, cause: 'no-value' });
  });

  it('prices the blind rules without a prediction', () => {
    expect(priceBid({ rule: 'fixed', cpm: 2 }, { pConversion: NaN, valuePerConversion: 0, roiTarget: 1, floorCpm: 1.5 })).toEqual({ bid: true, cpm: 2 });
    expect(priceBid({ rule: 'fixed', cpm: 2 }, { pConversion: NaN, valuePerConversion: 0, roiTarget: 1, floorCpm: 2.5 })).toEqual({ bid: false, cause: 'below-floor' });
    const fp = { rule: 'floor-plus', incrementCpm: 0.05, maxCpm: 3 } as const;
    expect(priceBid(fp, { pConversion: NaN, valuePerConversion: 0, roiTarget: 1, floorCpm: 1 })).toEqual({ bid: true, cpm: 1.05 });
    expect(priceBid(fp, { pConversion: NaN, valuePerConversion: 0, roiTarget: 1, floorCpm: 4 })).toEqual({ bid: false, cause: 'below-floor' });
  });
});
