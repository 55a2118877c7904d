/** Competing bids for one opportunity, drawn once and shared by every policy (common random numbers). */
export interface CompetitorBids {
  /** Highest competing bid, CPM (0 when no competitor bid). */
  readonly highestCpm: number;
  /** Second-highest competing bid, CPM (0 when fewer than two bid). */
  readonly secondCpm: number;
  /** Index of the population that placed the highest bid, or −1. */
  readonly highestBidder: number;
  /** How many competitors bid. */
  readonly bidders: number;
}

/** How one policy's bid fared. */
export interface AuctionResult {
  readonly won: boolean;
  /** What the winner pays, CPM (0 when we lost or did not bid). */
  readonly paidCpm: number;
  /** The lowest bid that would have won, CPM (OpenRTB's minimum bid to win). */
  readonly minToWinCpm: number;
}
