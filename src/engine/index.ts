export { DailyPacer, type PacerOptions } from './daily-pacer.js';
export { FrequencyCap } from './frequency-cap.js';
export { type PriceInput, type PriceResult, priceBid } from './pricing.js';
export {
  AD_FORMAT_CODES, CATEGORICAL_FEATURES, checkModelFeatures, FEATURE_NAMES, FEATURES, FeatureMismatchError, NUM_FEATURES, writeFeatures,
} from './features.js';
export type { ProfileStore, UserProfile } from './user-profile.js';
export { Bidder, type BidderCampaign, bidderCampaign, type ConversionEstimate, type Decision, NBR_FOR_CAUSE, type NoBidCause } from './bidder.js';
export { parseUuid, UuidIndex } from './uuid-index.js';
export { LiveEngine, type LiveEngineOptions, type NoticeResult, type RowScorer } from './live-engine.js';
export { checkBidGrid, DEFAULT_BID_GRID, gridActions, snapToGrid } from './bid-grid.js';
