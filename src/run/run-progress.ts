/** Live figures of one policy while a run goes on. */
export interface PolicyProgress {
  readonly name: string;
  readonly bids: number;
  readonly wins: number;
  /** USD. */
  readonly spend: number;
  readonly conversions: number;
  /** Attributed revenue so far, USD. */
  readonly revenue: number;
}

/** What the terminal view shows, sampled by the run loop a few times a second. */
export interface RunProgress {
  readonly scenario: string;
  readonly processed: number;
  readonly total: number;
  /** Opportunities per second of wall time. */
  readonly rate: number;
  /** Seconds of wall time left at the current rate; NaN until known. */
  readonly etaSeconds: number;
  /** 0-based simulated day of the latest opportunity, and the scenario's day count. */
  readonly simDay: number;
  readonly simDays: number;
  readonly policies: ReadonlyArray<PolicyProgress>;
  /** True once the stream ended and attribution windows are closing. */
  readonly draining: boolean;
}

/** ROI as revenue over spend minus one; NaN before any spend. */
export function roi(p: PolicyProgress): number {
  return p.spend > 0 ? p.revenue / p.spend - 1 : NaN;
}
