import { BidlabError } from '../errors.js';

/** Codes raised by src/sim: time that would run backwards, times and priorities that are not numbers, an empty queue. */
export type SimErrorCode =
  | 'SIM_TIME_BACKWARDS'
  | 'SIM_EVENT_IN_PAST'
  | 'SIM_BAD_TIME'
  | 'SIM_BAD_PRIORITY'
  | 'SIM_QUEUE_EMPTY'
  | 'SIM_BAD_OPTION';

export class SimError extends BidlabError {
  declare readonly code: SimErrorCode;

  constructor(code: SimErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
