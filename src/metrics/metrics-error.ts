import { BidlabError } from '../errors.js';

/** Codes raised by src/metrics: a bad argument to an accumulator or statistic, or a gate rule that does not parse. */
export type MetricsErrorCode = 'METRICS_BAD_ARGUMENT' | 'GATE_BAD_RULE';

export class MetricsError extends BidlabError {
  declare readonly code: MetricsErrorCode;

  constructor(code: MetricsErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
