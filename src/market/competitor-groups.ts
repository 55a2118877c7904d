import { purposeId, openUnit, normalQuantile, type Draws } from '../rng/index.js';
import type { CompetitorConfig, DeepReadonly, Distribution } from '../scenario/index.js';
import { quantileAtScore, quantileAtUnit } from './distribution-quantile.js';
import { MarketError } from './market-error.js';

/** One population of rival bidders, flattened for the hot loop. */
export interface CompetitorGroup {
  readonly name: string;
  readonly kind: CompetitorConfig['kind'];
  readonly count: number;
  readonly participation: number;
  /** Value distribution (bidders with a value) or bid distribution (noise). */
  readonly dist: Readonly<Distribution>;
  /** Weight of the user's truth score in the value score, and of the bidder's own noise. */
  readonly rho: number;
  readonly rhoComplement: number;
  /** Bid = value × factor: the shading, or 1. */
  readonly factor: number;
  /** Keyed-draw purpose of this group, from its name, so adding a group never shifts another's draws. */
  readonly purpose: number;
  /** Daily budget in CPM units (USD × 1000), or Infinity. */
  readonly dailyBudgetCpm: number;
  /** Index of this group's first bidder among all budget-limited bidders, or −1. */
  readonly firstBudgetSlot: number;
}

/** Every group of the market, and how many budget-limited bidders they hold in all. */
export interface CompetitorGroups {
  readonly groups: readonly CompetitorGroup[];
  readonly budgetSlots: number;
}

export function compileGroups(competitors: readonly DeepReadonly<CompetitorConfig>[]): CompetitorGroups {
  const seen = new Set<string>();
  let budgetSlots = 0;
  const groups = competitors.map((c, index): CompetitorGroup => {
    if (seen.has(c.name)) {
      throw new MarketError('MARKET_BAD_CONFIG', `duplicate competitor name '${c.name}': names key the groups' random draws`, `market.competitors[${index}].name`);
    }
    seen.add(c.name);
    const rho = c.kind === 'noise' ? 0 : c.valueCorrelation;
    const firstBudgetSlot = c.kind === 'budget-limited' ? budgetSlots : -1;
    if (c.kind === 'budget-limited') budgetSlots += c.count;
    return {
      name: c.name,
      kind: c.kind,
      count: c.count,
      participation: c.participation,
      dist: c.kind === 'noise' ? c.bid : c.value,
      rho,
      rhoComplement: Math.sqrt(1 - rho * rho),
      factor: c.kind === 'shading' || c.kind === 'budget-limited' ? c.shading : 1,
      purpose: purposeId(`competitors/${c.name}`),
      dailyBudgetCpm: c.kind === 'budget-limited' ? c.dailyBudget * 1000 : Infinity,
      firstBudgetSlot,
    };
  });
  return { groups, budgetSlots };
}

/**
 * Draws one bidder's bid, or returns −1 when it does not bid. It always takes exactly two doubles
 * from `draws` (participation, then the bidder's own uniform), whether or not it bids, so every
 * bidder's draws sit at a fixed place and a change of participation changes who bids, not what
 * the others bid. `truthScore` is NaN when the opportunity's truth is unknown: the value is then
 * drawn from its marginal alone.
 */
export function drawMemberBid(group: CompetitorGroup, draws: Draws, truthScore: number): number {
  const participates = draws.nextDouble() < group.participation;
  const u = openUnit(draws);
  if (!participates) return -1;
  if (group.kind === 'noise') return quantileAtUnit(group.dist, u);
  const own = normalQuantile(u);
  const score = truthScore === truthScore ? group.rho * truthScore + group.rhoComplement * own : own;
  return group.factor * quantileAtScore(group.dist, score);
}
