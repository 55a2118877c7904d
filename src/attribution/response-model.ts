import { distributionMean, distributionSampler, type DistributionSampler } from '../rng/index.js';
import type { AttributionConfig, CampaignConfig, DeepReadonly, Distribution } from '../scenario/index.js';
import { AttributionError } from './attribution-error.js';

export interface ResponseOptions {
  /**
   * From the impression to the click, in seconds. The scenario has no field for it (a click is
   * seconds after the ad shows, far inside every window). Default lognormal, median 8 s, sigma 1.
   */
  impressionToClickSeconds?: Distribution;
  /** P(another purchase | a purchase): the count after a first purchase is geometric. Default 0.3. */
  repeatPurchase?: number;
  /** Most purchases one re-engagement leads to (bounds the events one win can hold). Default 8. */
  maxPurchases?: number;
}

const DEFAULT_CLICK_DELAY: Distribution = { dist: 'lognormal', median: 8, sigma: 1 };
const MAX_PURCHASES_LIMIT = 64;

/**
 * One campaign's response configuration compiled once: the scenario's delay distributions as
 * samplers, the purchase count law and the scale that makes purchase values add up to the truth.
 */
export class ResponseModel {
  readonly goal: 're-engagement' | 'purchase';
  /** USD of a re-engagement for a 're-engagement' campaign; 0 for a 'purchase' campaign. */
  readonly valuePerConversion: number;
  readonly clickDelay: DistributionSampler;
  readonly clickToReengage: DistributionSampler;
  readonly viewToReengage: DistributionSampler;
  readonly reengageToPurchase: DistributionSampler;
  readonly postbackDelay: DistributionSampler;
  /** The campaign's purchaseValue (its shape), or undefined: then every purchase is worth the same. */
  readonly purchaseValue: DistributionSampler | undefined;
  readonly purchaseValueMean: number;
  readonly repeatPurchase: number;
  readonly maxPurchases: number;
  /** E[purchase count | at least one] = (1 − r^max) / (1 − r), the geometric law capped at max. */
  readonly meanPurchases: number;

  constructor(attribution: DeepReadonly<AttributionConfig>, campaign: DeepReadonly<CampaignConfig>, options: ResponseOptions = {}) {
    const where = `campaign ${campaign.id}`;
    const repeat = options.repeatPurchase ?? 0.3;
    const max = options.maxPurchases ?? 8;
    if (!(repeat >= 0 && repeat < 1)) {
      throw new AttributionError('ATTRIBUTION_BAD_OPTION', `repeatPurchase must be in [0, 1), got ${repeat}`, 'ResponseOptions.repeatPurchase');
    }
    if (!(Number.isInteger(max) && max >= 1 && max <= MAX_PURCHASES_LIMIT)) {
      throw new AttributionError('ATTRIBUTION_BAD_OPTION', `maxPurchases must be an integer in [1, ${MAX_PURCHASES_LIMIT}], got ${max}`, 'ResponseOptions.maxPurchases');
    }
    this.goal = campaign.goal;
    if (campaign.goal === 're-engagement') {
      if (campaign.valuePerConversion === undefined) {
        throw new AttributionError('ATTRIBUTION_BAD_CONFIG', "a 're-engagement' campaign needs valuePerConversion", `${where}.valuePerConversion`);
      }
      this.valuePerConversion = campaign.valuePerConversion;
    } else {
      this.valuePerConversion = 0;
    }
    const { delays } = attribution;
    this.clickDelay = distributionSampler(options.impressionToClickSeconds ?? DEFAULT_CLICK_DELAY);
    this.clickToReengage = distributionSampler(delays.clickToReengageSeconds);
    this.viewToReengage = distributionSampler(delays.viewToReengageSeconds);
    this.reengageToPurchase = distributionSampler(delays.reengageToPurchaseSeconds);
    this.postbackDelay = distributionSampler(delays.postbackSeconds);
    const mean = campaign.purchaseValue === undefined ? 0 : distributionMean(campaign.purchaseValue);
    this.purchaseValue = mean > 0 && campaign.purchaseValue !== undefined ? distributionSampler(campaign.purchaseValue) : undefined;
    this.purchaseValueMean = mean;
    this.repeatPurchase = repeat;
    this.maxPurchases = max;
    this.meanPurchases = (1 - repeat ** max) / (1 - repeat);
  }
}
