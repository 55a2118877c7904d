import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';

/** One document Elasticsearch refused, as written to the dead-letter file. */
export interface DeadLetter {
  readonly index: string;
  readonly id: string;
  readonly status: number;
  /** Elasticsearch's error type and reason, e.g. "document_parsing_exception: [1:40] failed to parse field [spend]…". */
  readonly reason: string;
  readonly document: unknown;
}

/**
 * An NDJSON file of rejected documents, opened lazily: a clean run leaves no file behind, and a
 * stale file from an earlier run is removed when the new run starts.
 */
export class DeadLetterFile {
  private out: WriteStream | undefined;
  private written = 0;

  private constructor(readonly path: string) {}

  static async create(path: string): Promise<DeadLetterFile> {
    await rm(path, { force: true });
    return new DeadLetterFile(path);
  }

  get count(): number { return this.written; }

  write(letter: DeadLetter): void {
    this.out ??= createWriteStream(this.path, { flags: 'a' });
    this.written++;
    this.out.write(`${JSON.stringify(letter)}\n`);
  }

  async close(): Promise<void> {
    if (!this.out) return;
    const out = this.out;
    this.out = undefined;
    out.end();
    await finished(out);
  }
}
