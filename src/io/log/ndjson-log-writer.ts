import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type { AuctionLogRecord } from '../../domain/index.js';
import { encodeLogRecord } from './encode-log-record.js';
import { LogIoError } from './log-io-error.js';

export interface NdjsonLogWriterOptions {
  /** Gzip the output. Default: when the path ends in `.gz`. */
  readonly gzip?: boolean;
}

/** Lines are gathered into writes of about this size: one write per record would dominate the cost. */
const WRITE_BYTES = 256 * 1024;

/**
 * Writes a log as NDJSON, one record a line in the schema's field order (optionally gzipped). The
 * file is written under `<path>.partial` and renamed by `close()`, so a failed recording leaves no
 * half-written log; `abort()` removes it.
 */
export class NdjsonLogWriter {
  private pending = '';
  private written = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly file: WriteStream,
    private readonly zip: Gzip | undefined,
  ) {}

  /** Where lines go: the gzip stream, or the file itself. */
  private get head(): Writable { return this.zip ?? this.file; }

  static async open(path: string, options: NdjsonLogWriterOptions = {}): Promise<NdjsonLogWriter> {
    const gzip = options.gzip ?? path.endsWith('.gz');
    const file = createWriteStream(`${path}.partial`);
    try {
      await once(file, 'open');
    } catch (error) {
      throw new LogIoError('LOG_UNWRITABLE', (error as Error).message, path);
    }
    const zip = gzip ? createGzip() : undefined;
    zip?.pipe(file);
    return new NdjsonLogWriter(path, file, zip);
  }

  /** Records written so far. */
  get recordCount(): number { return this.written; }

  /** Appends one record; resolves at once unless the disk is behind (then when it has caught up). */
  async write(record: AuctionLogRecord): Promise<void> {
    if (this.closed) throw new LogIoError('LOG_CLOSED', 'write after close()', this.path);
    this.pending += `${encodeLogRecord(record)}\n`;
    this.written++;
    if (this.pending.length >= WRITE_BYTES) await this.flushPending();
  }

  /** Writes what is buffered, the gzip trailer if any, then renames the file into place. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const text = this.pending;
    this.pending = '';
    this.head.end(text);
    await finished(this.file);
    await rename(`${this.path}.partial`, this.path);
  }

  /** Stops writing and removes the partial file. */
  async abort(): Promise<void> {
    this.closed = true;
    // Not events.once, which would reject on the expected write-after-destroy error.
    const done = this.file.closed ? Promise.resolve() : new Promise<void>((resolve) => this.file.once('close', () => resolve()));
    // Unpiped first: a gzip stream still flushing into a destroyed file would raise an error nobody hears.
    this.zip?.unpipe(this.file);
    this.file.on('error', () => {});
    this.head.destroy();
    this.file.destroy();
    await done;
    await rm(`${this.path}.partial`, { force: true });
  }

  private async flushPending(): Promise<void> {
    const text = this.pending;
    this.pending = '';
    if (!this.head.write(text)) await once(this.head, 'drain');
  }
}
