import { describe, expect, it } from 'vitest';
import { loggerWinChance, ReplayError } from '../../src/replay/index.js';
import { RandomStreams } from '../../src/rng/index.js';

const GRID = [1, 2, 4];
const K = GRID.length + 1;
const atLeast = (m: number) => (cpm: number) => cpm >= m;
const unknown = (): number | null => { throw new Error('the greedy price was asked for although the log tells it'); };

describe('loggerWinChance', () => {
  it('reads ε and the greedy price from the propensity of a greedy action', () => {
    // ε = 0.5: the greedy price (4) has p = 0.5 + 0.5/4; prices 2 and 4 win.
    expect(loggerWinChance(GRID, 0.5 + 0.5 / K, 4, unknown, atLeast(2), 'r')).toBeCloseTo(0.5 + (0.5 * 2) / K, 12);
    // The greedy action was not to bid: only exploration wins.
    expect(loggerWinChance(GRID, 0.5 + 0.5 / K, null, unknown, atLeast(2), 'r')).toBeCloseTo((0.5 * 2) / K, 12);
  });

  it('asks for the greedy price only when the logger explored away from it', () => {
    expect(loggerWinChance(GRID, 0.5 / K, 1, () => 2, atLeast(2), 'r')).toBeCloseTo(0.5 + (0.5 * 2) / K, 12);
    expect(loggerWinChance(GRID, 0.5 / K, 1, () => null, atLeast(2), 'r')).toBeCloseTo((0.5 * 2) / K, 12);
  });

  it('a record nobody randomised (p = 1) won exactly when its bid wins', () => {
    expect(loggerWinChance(GRID, 1, 2, unknown, atLeast(2), 'r')).toBe(1);
    expect(loggerWinChance(GRID, 1, 1, unknown, atLeast(2), 'r')).toBe(0);
    expect(loggerWinChance(GRID, 1, null, unknown, atLeast(0), 'r')).toBe(0);
  });

  it('a uniform logger (ε = 1) has p = 1/K and a chance independent of its greedy price', () => {
    expect(loggerWinChance(GRID, 1 / K, 4, unknown, atLeast(4), 'r')).toBeCloseTo(1 / K, 12);
  });

  it('weights every logged win so that they count each auction a policy wins once, on average', () => {
    // An ε-greedy logger in random markets; a policy bidding 2 wins where 2 clears. Σ won·[policy wins]/P(win) estimates how many auctions the policy wins.
    const d = new RandomStreams(11).stream('win-chance').draws();
    const epsilon = 0.3, n = 40_000;
    let estimate = 0, truth = 0;
    for (let i = 0; i < n; i++) {
      const r = d.reset(i, 0);
      const minToWin = 0.5 + 4 * r.nextDouble();
      const greedy = r.nextDouble() < 0.2 ? null : GRID[Math.floor(r.nextDouble() * GRID.length)]!;
      const explores = r.nextDouble() < epsilon;
      const pick = Math.floor(r.nextDouble() * K);
      const logged = explores ? (pick === 0 ? null : GRID[pick - 1]!) : greedy;
      const p = (logged === greedy ? 1 - epsilon : 0) + epsilon / K;
      const wins = atLeast(minToWin);
      const policyWins = wins(2);
      if (policyWins) truth++;
      const loggerWon = logged !== null && wins(logged);
      if (loggerWon && policyWins) estimate += 1 / loggerWinChance(GRID, p, logged, () => greedy, wins, `record ${i}`);
    }
    expect(Math.abs(estimate / truth - 1)).toBeLessThan(0.03);
  });

  it('refuses an explored bid off the grid and a propensity outside (0, 1], naming the record', () => {
    const off = () => loggerWinChance(GRID, 0.5 / K, 3, () => 2, atLeast(2), 'opportunity 7');
    expect(off).toThrow(ReplayError);
    expect(off).toThrow(/not on the bid grid/);
    try { off(); } catch (e) { expect((e as ReplayError).where).toBe('opportunity 7'); }
    expect(() => loggerWinChance(GRID, 0, 1, () => 2, atLeast(2), 'r')).toThrow(/propensity/);
    expect(() => loggerWinChance(GRID, 1.5, 1, () => 2, atLeast(2), 'r')).toThrow(/propensity/);
  });
});
