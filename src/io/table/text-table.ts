import type { ByteSource } from './byte-source.js';
import type { FeatureTable, TableBatch } from './feature-table.js';
import { TableError } from './table-error.js';
import { TableFormatError } from './table-format-error.js';

/**
 * The longest record a text parser holds while waiting for its end. Far beyond any real feature
 * row; what reaches it is an unclosed quote or a missing line end, which would otherwise pull the
 * rest of a huge file into memory before failing.
 */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** A push parser for one text format: fed decoded text, it fills batches. */
export interface TextBatchParser {
  /** The column names once the header (or first record) is read; `undefined` before that. */
  readonly columns: ReadonlyArray<string> | null | undefined;
  /** The source line the unconsumed text starts on. */
  readonly line: number;
  push(text: string): void;
  end(): void;
  /** The batches completed since the last call. */
  take(): TableBatch[];
}

/**
 * A text table (CSV, NDJSON): decodes the source as UTF-8 and streams it through a parser, yielding
 * batches as they fill. Invalid UTF-8 is an error rather than silently replaced, since a mangled
 * category name would quietly miss its category.
 *
 * A bad row surfaces from the iteration, after every full batch before it, even when it was parsed
 * early (opening parses the whole first chunk, not just the header).
 */
export class TextTable implements FeatureTable {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private started = false;
  /** A parse error held back until the batches completed before it have been yielded. */
  private failure: { error: unknown } | undefined;
  private ended = false;

  private constructor(
    private readonly source: ByteSource,
    readonly format: 'csv' | 'ndjson',
    private readonly parser: TextBatchParser,
  ) {}

  get path(): string {
    return this.source.path;
  }

  get columns(): ReadonlyArray<string> | null {
    return this.parser.columns ?? null;
  }

  /** Reads until the parser knows its columns, so they are known when this resolves. */
  static async open(source: ByteSource, format: 'csv' | 'ndjson', parser: TextBatchParser): Promise<TextTable> {
    const table = new TextTable(source, format, parser);
    try {
      while (parser.columns === undefined && !table.ended) await table.feed();
      if (parser.columns === undefined) {
        if (table.failure) throw table.failure.error;
        const what = format === 'csv' ? 'header line' : 'record';
        throw new TableFormatError('TABLE_EMPTY', `no ${what}: the input is empty`, source.name);
      }
    } catch (error) {
      await source.close();
      throw error;
    }
    return table;
  }

  batches(): AsyncIterable<TableBatch> {
    if (this.started) throw new TableError('TABLE_SINGLE_PASS', 'batches() was already called', this.source.name);
    this.started = true;
    return this.iterate();
  }

  close(): Promise<void> {
    return this.source.close();
  }

  private async *iterate(): AsyncGenerator<TableBatch> {
    try {
      for (;;) {
        yield* this.parser.take();
        if (this.failure) throw this.failure.error;
        if (this.ended) return;
        await this.feed();
      }
    } finally {
      await this.close();
    }
  }

  /**
   * Moves one chunk from the source into the parser (or ends the parser at end of input). A failure
   * ends the table and is kept in `failure`.
   */
  private async feed(): Promise<void> {
    try {
      const chunk = await this.source.read();
      let text: string;
      try {
        text = chunk === undefined ? this.decoder.decode() : this.decoder.decode(chunk, { stream: true });
      } catch {
        throw new TableFormatError('TABLE_ENCODING', 'not valid UTF-8 at or after this line', `${this.source.name}:${this.parser.line}`);
      }
      if (text.length > 0) this.parser.push(text);
      if (chunk === undefined) {
        this.parser.end();
        this.ended = true;
      }
    } catch (error) {
      this.failure = { error };
      this.ended = true;
    }
  }
}
