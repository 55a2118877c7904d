import type { LogItem } from '../../domain/index.js';
import { readArrowLog } from './arrow-log-reader.js';
import { LogIoError } from './log-io-error.js';
import { readHead, readNdjsonLog, type NdjsonLogReadOptions } from './ndjson-log-reader.js';

export type LogFileFormat = 'ndjson' | 'arrow';

/** The format of a log file from its first bytes: Arrow's `ARROW1` magic (or stream marker), else NDJSON (gzipped or not). */
export async function detectLogFormat(path: string): Promise<LogFileFormat> {
  const head = await readHead(path, 6);
  if (head.toString('latin1') === 'ARROW1') return 'arrow';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xffffffff) return 'arrow';
  return 'ndjson';
}

export interface ReadLogOptions extends Omit<NdjsonLogReadOptions, 'fromLine'> {
  /** The 1-based line (NDJSON) or row (Arrow) to start at, as a bad record's or checkpoint's position names it. Default 1. */
  readonly from?: number;
}

/**
 * Streams a log file of either encoding, told by its content rather than its name, as records and
 * bad-record items with their positions (see readNdjsonLog and readArrowLog).
 */
export async function* readLog(path: string, options: ReadLogOptions = {}): AsyncGenerator<LogItem> {
  const from = options.from ?? 1;
  if (!Number.isSafeInteger(from) || from < 1) throw new LogIoError('LOG_OPTIONS', `from must be a positive integer, got ${from}`, path);
  if ((await detectLogFormat(path)) === 'arrow') yield* readArrowLog(path, { fromRow: from });
  else yield* readNdjsonLog(path, { ...options, fromLine: from });
}
