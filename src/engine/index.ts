export { DailyPacer, type PacerOptions } from './daily-pacer.js';
export { FrequencyCap } from './frequency-cap.js';
export { type PriceInput, type PriceResult, priceBid } from './pricing.js';
