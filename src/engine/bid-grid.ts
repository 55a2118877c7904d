import { BidlabError } from '../errors.js';

/**
 * The prices (CPM) a randomising logger may bid, besides not bidding. A logger that explores
 * bids only on this grid (its own price rounded to the nearest point), so a logged action is one
 * of finitely many and its propensity is a probability, not a density: what IPS needs.
 * Roughly geometric (ratio about 1.4) over the CPMs retargeting bids span.
 */
export const DEFAULT_BID_GRID: ReadonlyArray<number> = [0.25, 0.35, 0.5, 0.7, 1, 1.4, 2, 2.8, 4, 5.6, 8, 11, 16];

/** Checks a grid: finite positive prices, strictly increasing. */
export function checkBidGrid(grid: ReadonlyArray<number>, where: string): ReadonlyArray<number> {
  if (grid.length === 0) throw new BidlabError('BID_GRID', 'the bid grid needs at least one price', where);
  for (let i = 0; i < grid.length; i++) {
    const p = grid[i]!;
    if (!(p > 0 && p < Infinity)) throw new BidlabError('BID_GRID', `bid grid price ${i + 1} must be a positive finite CPM, got ${p}`, where);
    if (i > 0 && !(p > grid[i - 1]!)) throw new BidlabError('BID_GRID', `bid grid prices must increase, got ${grid[i - 1]} then ${p}`, where);
  }
  return grid;
}

/** The grid point nearest `cpm` (the lower one on a tie). */
export function snapToGrid(cpm: number, grid: ReadonlyArray<number>): number {
  let best = grid[0]!;
  for (let i = 1; i < grid.length; i++) {
    const p = grid[i]!;
    if (Math.abs(p - cpm) < Math.abs(best - cpm)) best = p;
  }
  return best;
}

/** How many actions a grid offers: each price, and not bidding. */
export function gridActions(grid: ReadonlyArray<number>): number {
  return grid.length + 1;
}
