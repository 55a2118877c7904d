/**
 * One policy's running totals over a run. Counts are plain numbers (a run has at most ~10^7
 * events, far inside doubles' exact integers); money is USD.
 */
export class PolicyMetrics {
  opportunities = 0;
  bids = 0;
  wins = 0;
  /** USD paid for won impressions. */
  spend = 0;
  clicks = 0;
  conversions = 0;
  /** Revenue the measurement partner attributed to our ads, USD. */
  attributedRevenue = 0;
  /** Σ of the model's expected revenue of every won impression, USD: what the policy thought it bought. */
  predictedRevenue = 0;

  constructor(readonly name: string) {}

  summary(): PolicySummary {
    const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
    return {
      name: this.name,
      opportunities: this.opportunities,
      bids: this.bids,
      wins: this.wins,
      winRate: ratio(this.wins, this.bids),
      spend: this.spend,
      impressions: this.wins,
      clicks: this.clicks,
      conversions: this.conversions,
      attributedRevenue: this.attributedRevenue,
      predictedRevenue: this.predictedRevenue,
      predictedRoi: ratio(this.predictedRevenue, this.spend) - 1,
      actualRoi: ratio(this.attributedRevenue, this.spend) - 1,
      cpa: ratio(this.spend, this.conversions),
      ecpm: ratio(this.spend * 1000, this.wins),
    };
  }
}

export interface PolicySummary {
  readonly name: string;
  readonly opportunities: number;
  readonly bids: number;
  readonly wins: number;
  /** Wins per bid. */
  readonly winRate: number;
  readonly spend: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly attributedRevenue: number;
  readonly predictedRevenue: number;
  /** Predicted revenue ÷ spend − 1. */
  readonly predictedRoi: number;
  /** Attributed revenue ÷ spend − 1. */
  readonly actualRoi: number;
  /** Spend per conversion, USD. */
  readonly cpa: number;
  /** Spend per thousand impressions, USD. */
  readonly ecpm: number;
}
