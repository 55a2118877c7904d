import { BidlabError } from '../../errors.js';

/**
 * A log file or topic that cannot be read or written at all (missing file, not an Arrow log,
 * unknown format, a writer used after close). Single bad records are not errors: readers yield
 * them as bad-record items.
 */
export class LogIoError extends BidlabError {}
