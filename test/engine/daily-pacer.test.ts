import { describe, expect, it } from 'vitest';
import { DailyPacer } from '../../src/engine/index.js';

describe('DailyPacer', () => {
  it("'asap' spends until the budget and starts afresh the next simulated day", () => {
    const p = new DailyPacer({ dailyBudget: 10, mode: 'asap' });
    let t = 0;
    while (p.check(t) === undefined) { p.record(t, 1); t += 60; }
    expect(p.check(t)).toBe('budget');
    expect(p.spentToday).toBe(10);
    expect(p.check(86_400 + 5)).toBeUndefined();
    expect(p.spentToday).toBe(0);
  });

  it("'even' holds spend near the budget × the day's traffic share so far", () => {
    const p = new DailyPacer({ dailyBudget: 240, mode: 'even' });
    // Try to spend $1 every minute: far more than $10/hour.
    let spentByNoon = 0;
    for (let t = 0; t < 86_400; t += 60) {
      if (p.check(t) === undefined) p.record(t, 1);
      if (t === 12 * 3600) spentByNoon = p.spentToday;
    }
    // Flat traffic: half the budget by noon, give or take the one-hour slack ($10) and one step.
    expect(spentByNoon).toBeGreaterThanOrEqual(120);
    expect(spentByNoon).toBeLessThanOrEqual(120 + 10 + 1);
    expect(p.spentToday).toBeLessThanOrEqual(241);
    expect(p.spentToday).toBeGreaterThanOrEqual(239);
  });

  it("'even' follows the hourly pattern", () => {
    const weights = Array.from({ length: 24 }, (_, h) => (h >= 18 ? 5 : 1));
    const p = new DailyPacer({ dailyBudget: 100, mode: 'even', hourlyWeights: weights });
    for (let t = 0; t < 18 * 3600; t += 30) if (p.check(t) === undefined) p.record(t, 0.5);
    // 18 quiet hours carry 18/48 of the traffic: about $37.5 of $100 (+ one hour's slack).
    expect(p.spentToday).toBeGreaterThan(37);
    expect(p.spentToday).toBeLessThan(37.5 + 100 * 5 / 48 + 1);
  });
});
