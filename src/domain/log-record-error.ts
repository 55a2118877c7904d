import { BidlabError } from '../errors.js';
import { describePosition, type BadLogRecord, type LogPosition } from './auction-log.js';

/**
 * A refused record as an error, for callers that stop on one (or on too many): the message names
 * the position (file line, Arrow row, or topic/partition/offset) and the field.
 */
export class LogRecordError extends BidlabError {
  readonly position: LogPosition;
  readonly field: string | undefined;

  constructor(bad: BadLogRecord) {
    const where = describePosition(bad.position) + (bad.field === undefined ? '' : ` ${bad.field}`);
    super(bad.code, bad.reason, where);
    this.position = bad.position;
    this.field = bad.field;
  }
}
