import type { PricingConfig } from '../scenario/index.js';

export interface PriceInput {
  /** Predicted P(conversion | impression); unused by the blind rules. */
  readonly pConversion: number;
  /** USD a conversion is worth to the advertiser. */
  readonly valuePerConversion: number;
  /** Revenue per unit of spend the campaign wants; the bid is divided by it. */
  readonly roiTarget: number;
  /** The impression's floor, CPM; 0 when none. */
  readonly floorCpm: number;
}

export type PriceResult =
  | { readonly bid: true; readonly cpm: number }
  | { readonly bid: false; readonly cause: 'below-floor' | 'no-value' };

/**
 * The bid price a pricing rule gives. expected-value: 1000 × p × value ÷ roiTarget × (1 − margin)
 * × shading, capped at maxCpm — the most the campaign can pay per thousand impressions and still
 * meet its ROI target, less a margin. A price below the floor is no bid: the exchange would
 * reject it.
 */
export function priceBid(config: PricingConfig, input: PriceInput): PriceResult {
  let cpm: number;
  switch (config.rule) {
    case 'expected-value': {
      const value = 1000 * input.pConversion * input.valuePerConversion / input.roiTarget;
      if (!(value > 0)) return { bid: false, cause: 'no-value' };
      cpm = Math.min(config.maxCpm, value * (1 - config.margin) * config.shading);
      break;
    }
    case 'fixed':
      cpm = config.cpm;
      break;
    case 'floor-plus':
      cpm = Math.min(config.maxCpm, input.floorCpm + config.incrementCpm);
      break;
  }
  return cpm < input.floorCpm ? { bid: false, cause: 'below-floor' } : { bid: true, cpm };
}
