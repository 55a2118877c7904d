export { checkBidGrid, DEFAULT_BID_GRID, gridActions, snapToGrid } from '../engine/index.js';
export { loggedReturn, type LoggedReturn } from './logged-outcome.js';
export { exploredAway, loggerWinChance } from './logger-win-chance.js';
export { type MarketObservation, type MarketPriceBand, MarketPriceModel, type MarketPriceModelJson } from './market-price-model.js';
export { type Contributions, type OffPolicyEstimates, OffPolicyEstimator, type Reward, type RewardEstimate, TotalAccumulator } from './off-policy-estimator.js';
export { ReplayError, type ReplayErrorCode } from './replay-error.js';
export { marketObservation, type MarketSource, recordAt, recordFloor, replayedMarket, type ReplayedMarket } from './replay-market.js';
