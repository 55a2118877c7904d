import type { MarketSource, OffPolicyEstimates, RewardEstimate } from '../replay/index.js';
import type { ReplayAccumulator } from './replay-accumulator.js';

/**
 * How a replay fills the outcomes nobody observed (impressions a replayed policy wins that the
 * logged bidder did not):
 * - `logged`: it does not: only observed outcomes count, and the spend on unobserved wins is shown apart;
 * - `model`: a LightGBM outcome model trained on the log fills them with expected conversions;
 * - `ips`, `snips`, `dr`: off-policy estimates from the logger's propensities (the policy is
 *   evaluated with its bids snapped to the logger's bid grid, the only actions the log can vouch for).
 */
export type OutcomeMode = 'logged' | 'model' | 'ips' | 'snips' | 'dr';
export const OUTCOME_MODES: ReadonlyArray<OutcomeMode> = ['logged', 'model', 'ips', 'snips', 'dr'];

export interface ReplayPolicyResult {
  readonly name: string;
  readonly kind: string;
  readonly opportunities: number;
  readonly bids: number;
  readonly wins: number;
  /** USD, at the replayed market's prices. */
  readonly spend: number;
  /** Conversions and revenue (USD) under the replay's outcome mode. */
  readonly conversions: number;
  readonly revenue: number;
  readonly roi: number;
  /** Wins the logged bidder also won: their outcomes were observed. */
  readonly observedWins: number;
  readonly observed: { readonly conversions: number; readonly revenue: number };
  /** Wins the logged bidder did not win: nobody saw what they returned. */
  readonly unobservedWins: number;
  readonly unobservedSpend: number;
  /** Share of the spend on unobserved wins: how much of the result rests on what was not seen. */
  readonly unobservedSpendShare: number;
  /** `model` mode: what the outcome model filled in for the unobserved wins. */
  readonly filled?: { readonly conversions: number; readonly revenue: number };
  /** Off-policy modes: all three estimates (totals over the log) and how many records matched. */
  readonly offPolicy?: OffPolicyEstimates;
  /**
   * Off-policy modes, for every policy but the champion: this policy minus the champion, paired
   * record by record (records where both take the same action cancel), with standard errors.
   */
  readonly versusChampion?: {
    readonly ips: { readonly estimate: RewardEstimate; readonly standardError: RewardEstimate };
    readonly dr: { readonly estimate: RewardEstimate; readonly standardError: RewardEstimate };
  };
}

export interface ReplaySummary {
  readonly scenario: string;
  readonly source: string;
  readonly outcomes: OutcomeMode;
  readonly outcomesMeaning: string;
  readonly records: number;
  readonly badRecords: number;
  /** The dead-letter file's name (beside the results, so that the summary does not depend on where they are), when records were refused. */
  readonly deadLetters: string | null;
  /** Records whose device id is on none of the scenario's retargeting lists. */
  readonly unmatched: number;
  /** Where each auction's competing price came from. */
  readonly market: Readonly<Record<MarketSource, number>>;
  readonly bidGrid: ReadonlyArray<number> | null;
  /**
   * Off-policy modes: the logging policy the replay runs beside the others (fed the logger's wins),
   * the records whose logged bid was the logger's own greedy one, and on how many of them the
   * replayed logger bid the same: fewer than all means it is not the policy that wrote the log.
   */
  readonly logger?: { readonly policy: string; readonly greedyRecords: number; readonly agreed: number };
  /** The policy the others are paired with (versusChampion), when it is replayed. */
  readonly champion: string | null;
  readonly policies: ReadonlyArray<ReplayPolicyResult>;
}

/** What each mode means, printed with every replay's results. */
export const MEANING: Record<OutcomeMode, string> = {
  logged: 'observed outcomes only: wins the logged bidder did not make count their spend and no return (see unobservedSpendShare)',
  model: 'observed outcomes, and the outcome model\'s expected conversions where nobody observed them',
  ips: 'inverse propensity scoring: each auction the policy would have won (or lost) as the logger did, weighted by 1 / the logger\'s chance of that, from its propensities over the bid grid',
  snips: 'self-normalised inverse propensity scoring (matched on winning, as ips)',
  dr: 'doubly robust: the outcome and market models\' value of the policy\'s auctions, corrected by IPS where the logger won (or lost) them too',
};

/** One policy's results from its accumulator. */
export function result(name: string, kind: string, a: ReplayAccumulator, mode: OutcomeMode, paired: boolean): ReplayPolicyResult {
  const ope = mode === 'ips' || mode === 'snips' || mode === 'dr' ? a.offPolicy.estimates() : undefined;
  const headline = ope ? ope[mode as 'ips' | 'snips' | 'dr'] : undefined;
  const conversions = headline ? headline.conversions : a.observedConversions + (mode === 'model' ? a.filledConversions : 0);
  const revenue = headline ? headline.revenue : a.observedRevenue + (mode === 'model' ? a.filledRevenue : 0);
  return {
    name, kind,
    opportunities: a.opportunities, bids: a.bids, wins: a.wins, spend: a.spend,
    conversions, revenue, roi: a.spend > 0 ? (revenue - a.spend) / a.spend : NaN,
    observedWins: a.observedWins, observed: { conversions: a.observedConversions, revenue: a.observedRevenue },
    unobservedWins: a.unobservedWins, unobservedSpend: a.unobservedSpend,
    unobservedSpendShare: a.spend > 0 ? a.unobservedSpend / a.spend : 0,
    ...(mode === 'model' ? { filled: { conversions: a.filledConversions, revenue: a.filledRevenue } } : {}),
    ...(ope ? { offPolicy: ope } : {}),
    ...(ope && paired ? {
      versusChampion: {
        ips: { estimate: a.ipsVersusChampion.total(), standardError: a.ipsVersusChampion.standardError() },
        dr: { estimate: a.drVersusChampion.total(), standardError: a.drVersusChampion.standardError() },
      },
    } : {}),
  };
}
