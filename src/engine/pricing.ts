import type { PricingConfig } from '../scenario/index.js';
import { snapToGrid } from './bid-grid.js';

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

/** What {@link bidCpm} returns instead of a price when it does not bid. */
export const NO_VALUE = -1;
export const BELOW_FLOOR = -2;

/**
 * The bid price a pricing rule gives. expected-value: 1000 × p × value ÷ roiTarget × (1 − margin)
 * × shading, capped at maxCpm — the most the campaign can pay per thousand impressions and still
 * meet its ROI target, less a margin. A price below the floor is no bid: the exchange would
 * reject it.
 */
export function priceBid(config: PricingConfig, input: PriceInput): PriceResult {
  const cpm = bidCpm(config, input.pConversion, input.valuePerConversion, input.roiTarget, input.floorCpm);
  if (cpm === NO_VALUE) return { bid: false, cause: 'no-value' };
  if (cpm === BELOW_FLOOR) return { bid: false, cause: 'below-floor' };
  return { bid: true, cpm };
}

/** {@link priceBid} without an object in or out (the bidder's path, once per request): the CPM, or NO_VALUE or BELOW_FLOOR. */
export function bidCpm(config: PricingConfig, pConversion: number, valuePerConversion: number, roiTarget: number, floorCpm: number): number {
  let cpm: number;
  switch (config.rule) {
    case 'expected-value': {
      const value = 1000 * pConversion * valuePerConversion / roiTarget;
      if (!(value > 0)) return NO_VALUE;
      cpm = Math.min(config.maxCpm, value * (1 - config.margin) * config.shading);
      if (config.bidGrid !== undefined) cpm = snapToGrid(cpm, config.bidGrid);
      break;
    }
    case 'fixed':
      cpm = config.cpm;
      break;
    case 'floor-plus':
      cpm = Math.min(config.maxCpm, floorCpm + config.incrementCpm);
      break;
  }
  return cpm < floorCpm ? BELOW_FLOOR : cpm;
}
