import { ReplayError } from './replay-error.js';

/** Propensities within this of 1/K are taken as exactly 1/K (they pass through decimal text). */
const TOLERANCE = 1e-9;

/** Whether a logged propensity says the logger explored away from its greedy price (p = ε/K < 1/K). */
export function exploredAway(grid: ReadonlyArray<number>, propensity: number): boolean {
  return propensity < 1 / (grid.length + 1) - TOLERANCE;
}

/**
 * The chance that the logging policy won an auction, over its own randomisation: an ε-greedy
 * logger bids its greedy grid price with probability 1 − ε and a uniform draw of the K actions
 * (no bid and each grid price) with probability ε, so
 *
 *   P(win) = (1 − ε)·[greedy price wins] + ε/K · #(grid prices that win).
 *
 * The log holds only the propensity p of the action taken, which tells both ε and whether that
 * action was the greedy one: an exploring draw away from the greedy price has p = ε/K < 1/K, the
 * greedy price has p = 1 − ε + ε/K ≥ 1/K (p = 1 on records nobody randomised). Only when the
 * logger explored away from its greedy price is that price unknown to the log; `greedyCpm` then
 * supplies it (the replay asks the logging policy itself).
 *
 * Why off-policy estimates match on winning rather than on the exact bid: an impression's
 * outcomes do not depend on the price paid for it, so every logged win tells the outcome of the
 * impression to any policy that would also have won it, weighted by 1 / P(win). On a bid grid
 * that is a far likelier event than bidding the very same price, and the estimates' variance
 * falls accordingly.
 */
export function loggerWinChance(
  grid: ReadonlyArray<number>,
  propensity: number,
  loggedCpm: number | null,
  greedyCpm: () => number | null,
  wins: (cpm: number) => boolean,
  where: string,
): number {
  const k = grid.length + 1;
  if (!(propensity > 0 && propensity <= 1)) throw new ReplayError('REPLAY_NO_PROPENSITY', `propensity must be in (0, 1], got ${propensity}`, where);
  if (loggedCpm !== null && propensity < 1 && !grid.includes(loggedCpm)) {
    throw new ReplayError('REPLAY_OPTIONS', `the logger explored, but its bid of ${loggedCpm} is not on the bid grid [${grid.join(', ')}]: pass the logger's --bid-grid`, where);
  }
  const explored = exploredAway(grid, propensity);
  const epsilon = explored ? propensity * k : Math.min(1, Math.max(0, ((1 - propensity) * k) / (k - 1)));
  let winning = 0;
  if (epsilon > 0) for (const cpm of grid) if (wins(cpm)) winning++;
  const greedy = epsilon < 1 ? (explored ? greedyCpm() : loggedCpm) : null;
  const greedyWins = greedy !== null && wins(greedy) ? 1 : 0;
  return (1 - epsilon) * greedyWins + (epsilon * winning) / k;
}
