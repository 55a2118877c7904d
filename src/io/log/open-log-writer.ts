import type { AuctionLogRecord } from '../../domain/index.js';
import { ArrowLogWriter } from './arrow-log-writer.js';
import { NdjsonLogWriter } from './ndjson-log-writer.js';
import type { LogFileFormat } from './read-log.js';
import { LogIoError } from './log-io-error.js';

/** What both log writers offer. */
export interface LogWriter {
  readonly path: string;
  readonly recordCount: number;
  write(record: AuctionLogRecord): Promise<void>;
  /** Completes the file and moves it into place. */
  close(): Promise<void>;
  /** Removes the partial file. */
  abort(): Promise<void>;
}

/** The format a log file name asks for: `.arrow`, `.arrows`, `.feather`, `.ipc`; `.ndjson`, `.jsonl` (each optionally `.gz`). */
export function logFormatFromName(path: string): LogFileFormat | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (/\.(arrow|arrows|feather|ipc)$/.test(name)) return path.toLowerCase().endsWith('.gz') ? undefined : 'arrow';
  if (/\.(ndjson|jsonl|json)$/.test(name)) return 'ndjson';
  return undefined;
}

/** Opens the writer for `path`'s format (by name, or `format`); NDJSON is gzipped when the name ends in `.gz`. */
export async function openLogWriter(path: string, format?: LogFileFormat): Promise<LogWriter> {
  const chosen = format ?? logFormatFromName(path);
  if (chosen === undefined) {
    throw new LogIoError('LOG_FORMAT', 'cannot tell the log format from the name: use .ndjson, .ndjson.gz, .jsonl or .arrow', path);
  }
  return chosen === 'arrow' ? ArrowLogWriter.open(path) : NdjsonLogWriter.open(path);
}
