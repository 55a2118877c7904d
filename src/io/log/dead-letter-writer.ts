import { open, rm, type FileHandle } from 'node:fs/promises';
import { describePosition, type BadLogRecord } from '../../domain/index.js';

export interface DeadLetterWriterOptions {
  /** Keep an existing file and add to it (a resumed replay). Default false: a new run starts the file afresh. */
  readonly append?: boolean;
}

/**
 * The dead-letter file of a replay: one NDJSON line per refused record with its position (the
 * structured one and as text), the code, the field, the reason and the raw text, so the record can
 * be found, fixed and replayed. Opened lazily, so a clean run leaves no file. Lines are buffered;
 * `flush()` makes them durable (written and fsynced), which a replay does before committing
 * offsets past them.
 */
export class DeadLetterWriter {
  private file: FileHandle | undefined;
  private pending = '';
  private written = 0;
  /** Serialises flushes: two writes to one handle must not interleave. */
  private flushing: Promise<void> = Promise.resolve();

  private constructor(readonly path: string, private readonly append: boolean) {}

  static async open(path: string, options: DeadLetterWriterOptions = {}): Promise<DeadLetterWriter> {
    if (!options.append) await rm(path, { force: true });
    return new DeadLetterWriter(path, options.append ?? false);
  }

  /** Records written in this session (not counting an appended file's earlier lines). */
  get count(): number { return this.written; }

  write(bad: BadLogRecord): void {
    this.written++;
    const letter = { where: describePosition(bad.position), position: bad.position, code: bad.code, field: bad.field ?? null, reason: bad.reason, raw: bad.raw };
    this.pending += `${JSON.stringify(letter)}\n`;
  }

  /** Writes the buffered lines and fsyncs the file. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = '';
    this.file ??= await open(this.path, this.append ? 'a' : 'w');
    await this.file.appendFile(text);
    await this.file.datasync();
  }
}
