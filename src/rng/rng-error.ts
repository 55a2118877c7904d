import { BidlabError } from '../errors.js';

/** Codes raised by src/rng: a bad seed, stream name, id or distribution parameter, or a spent counter. */
export type RngErrorCode =
  | 'RNG_BAD_SEED'
  | 'RNG_BAD_NAME'
  | 'RNG_BAD_ID'
  | 'RNG_BAD_PARAMETER'
  | 'RNG_BAD_STATE'
  | 'RNG_UNSEATED'
  | 'RNG_COUNTER_EXHAUSTED';

export class RngError extends BidlabError {
  declare readonly code: RngErrorCode;

  constructor(code: RngErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
