export type { AuctionResult, CompetitorBids } from './auction.js';
export type { Opportunity, OpportunityTruth } from './opportunity.js';
export * from './openrtb.js';
export { APP_CATEGORIES, APP_CATEGORY_BY_IAB, APP_CATEGORY_INDEX, IAB_BY_APP_CATEGORY } from './app-categories.js';
export { COUNTRY_CODES } from './iso-countries.js';
