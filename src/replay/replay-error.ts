import { BidlabError } from '../errors.js';

export type ReplayErrorCode =
  | 'REPLAY_OPTIONS' // a flag or option out of range, or a mode the log cannot support
  | 'REPLAY_NO_PROPENSITY' // an off-policy mode on a log whose logger did not randomise
  | 'REPLAY_MARKET_MODEL' // a market-price model file that is not one
  | 'REPLAY_TOO_MANY_BAD' // more bad records than --max-bad-records allows
  | 'REPLAY_CHECKPOINT'; // a checkpoint that does not belong to this replay

/** A replay that cannot go on, or a log that cannot answer what was asked of it. */
export class ReplayError extends BidlabError {
  constructor(code: ReplayErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
