export type { AuctionResult, CompetitorBids } from './auction.js';
export type { Opportunity, OpportunityTruth } from './opportunity.js';
export * from './openrtb.js';
export { APP_CATEGORIES, APP_CATEGORY_BY_IAB, APP_CATEGORY_INDEX, IAB_BY_APP_CATEGORY } from './app-categories.js';
export { COUNTRY_CODES } from './iso-countries.js';
export {
  type AuctionLogRecord, type BadLogRecord, type BadRecordCode, describePosition, LOG_SCHEMA_VERSION, type LogItem,
  type LoggedDecision, type LoggedMarket, type LoggedOutcomes, type LoggedPostback, type LogPosition, type LogRecordItem,
} from './auction-log.js';
export { auctionLogRecordSchema, type LogValidation, validateLogRecord } from './auction-log-schema.js';
export { LogRecordError } from './log-record-error.js';
export { OPENRTB_LIMITS, openRtbRequestSchema } from './openrtb-schema.js';
export { parseJsonRefusingProto } from './parse-json.js';
