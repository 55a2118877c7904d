import { describe, expect, it } from 'vitest';
import { measureMarketCalibration } from '../helpers/market-calibration.js';

describe('the fitted market-price model against the reported minimum bid to win', () => {
  it("gives each grid price the chance of winning it has, after the logger's losses and where the log says nothing", async () => {
    const rows = await measureMarketCalibration({ maxOpportunities: 150_000 });
    expect(rows.map((r) => r.records)).toEqual(expect.arrayContaining(['afterLoss', 'unbounded']));
    for (const row of rows) {
      // A few hundred auctions at least per grid price: the sampling error stays near 0.02.
      expect(row.auctions, `${row.records} ${row.bidCpm}`).toBeGreaterThan(500);
      expect(Math.abs(row.modelWinChance - row.actualWinRate), `${row.records} ${row.bidCpm}`).toBeLessThan(0.03);
    }
    // Over all losses together: a model that prices the market too high (or low) shows here first.
    const lost = rows.filter((r) => r.records === 'afterLoss');
    const n = lost.reduce((s, r) => s + r.auctions, 0);
    const bias = lost.reduce((s, r) => s + (r.modelWinChance - r.actualWinRate) * r.auctions, 0) / n;
    expect(Math.abs(bias)).toBeLessThan(0.015);
  }, 120_000);
});
