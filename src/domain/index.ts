export type { AuctionResult, CompetitorBids } from './auction.js';
export type { Opportunity, OpportunityTruth } from './opportunity.js';
export * from './openrtb.js';
