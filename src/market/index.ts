export { MarketError, type MarketErrorCode } from './market-error.js';
export { minimumToWin, nextUp, type AuctionRule, type MutableAuctionResult } from './auction-rule.js';
export { FirstPriceRule } from './first-price.js';
export { SecondPriceRule } from './second-price.js';
export { marketAt, ruleFor } from './rule-for.js';
export {
  createCompetitorField, defaultTruthScore, type CompetitorField, type CompetitorFieldOptions, type MutableCompetitorBids,
} from './competitors.js';
export { BudgetDays } from './budget-days.js';
export { normalCdf, normalUpperTail } from './normal-cdf.js';
export { quantileAtScore, quantileAtUnit } from './distribution-quantile.js';
