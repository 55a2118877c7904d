import { ArrowTableWriter } from '../arrow/index.js';
import type { AuctionLogRecord } from '../../domain/index.js';
import { ARROW_LOG_COLUMNS, arrowLogRow } from './arrow-log-columns.js';
import { LogIoError } from './log-io-error.js';

export interface ArrowLogWriterOptions {
  /**
   * Records per record batch. Default 4,096: each row carries its request as JSON text (1 to
   * 4 KB), and writer and reader each hold one batch, so a batch stays at a few megabytes.
   */
  readonly batchRows?: number;
}

/**
 * Writes a log as an Arrow IPC file (`pyarrow.ipc.open_file`, `pandas.read_feather`) one record
 * batch at a time, through the project's ArrowTableWriter: the file appears under its name only
 * when `close()` completes; `abort()` removes it.
 */
export class ArrowLogWriter {
  private closed = false;

  private constructor(private readonly table: ArrowTableWriter, private readonly batchRows: number) {}

  static async open(path: string, options: ArrowLogWriterOptions = {}): Promise<ArrowLogWriter> {
    const batchRows = options.batchRows ?? 4_096;
    return new ArrowLogWriter(await ArrowTableWriter.open(path, ARROW_LOG_COLUMNS, { batchRows }), batchRows);
  }

  get path(): string { return this.table.path; }

  get recordCount(): number { return this.table.rowCount; }

  /** Appends one record (a full batch is encoded and handed to the file stream). */
  async write(record: AuctionLogRecord): Promise<void> {
    if (this.closed) throw new LogIoError('LOG_CLOSED', 'write after close()', this.path);
    this.table.append(arrowLogRow(record));
    // A batch was just handed over: let the file stream take it before the next one is built, so a
    // fast producer cannot pile batches up in memory.
    if (this.table.rowCount % this.batchRows === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.table.close();
  }

  async abort(): Promise<void> {
    this.closed = true;
    await this.table.abort();
  }
}
