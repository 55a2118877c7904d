import { BidlabError } from '../errors.js';

/** Codes raised by src/attribution: a campaign, option or time the attribution stage cannot use. */
export type AttributionErrorCode = 'ATTRIBUTION_BAD_CONFIG' | 'ATTRIBUTION_BAD_OPTION' | 'ATTRIBUTION_BAD_TIME';

export class AttributionError extends BidlabError {
  declare readonly code: AttributionErrorCode;

  constructor(code: AttributionErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
