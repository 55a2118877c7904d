import { RecordBatchReader, type AsyncRecordBatchFileReader, type AsyncRecordBatchStreamReader, type Schema } from 'apache-arrow';
// Importing the codecs registers them: LZ4_FRAME and ZSTD record batches decompress transparently.
import { ArrowCodecError } from './arrow-codecs.js';
import { arrowVectorCells, isSupportedArrowType } from './arrow-vector-cells.js';
import type { ByteSource } from './byte-source.js';
import type { FeatureTable, TableBatch } from './feature-table.js';
import { TableError } from './table-error.js';
import { TableFormatError } from './table-format-error.js';

type AsyncReader = AsyncRecordBatchFileReader | AsyncRecordBatchStreamReader;

/**
 * An Arrow IPC table, file format (`.arrow`, Feather v2) or stream format, read one record batch at
 * a time: a file through its handle (the reader seeks to the footer, then to each batch), stdin as
 * a stream. Each record batch becomes one `TableBatch`, whatever `batchRows` says: the writer chose
 * the batch sizes and re-cutting them would only copy. Stdin in the file format is the exception to
 * "never the whole input in memory": without seeking, apache-arrow buffers it whole. Record batches
 * compressed with LZ4_FRAME (pandas' `to_feather` default) or ZSTD are decompressed one at a time
 * (see arrow-codecs.ts).
 */
export class ArrowTable implements FeatureTable {
  readonly format = 'arrow';
  readonly columns: ReadonlyArray<string>;
  private started = false;

  private constructor(
    private readonly source: ByteSource,
    private readonly reader: AsyncReader,
    private readonly schema: Schema,
  ) {
    this.columns = schema.fields.map((field) => field.name);
  }

  get path(): string {
    return this.source.path;
  }

  static async open(source: ByteSource): Promise<ArrowTable> {
    try {
      const reader = await arrowCall(source, async () => {
        const reader = source.file ? await RecordBatchReader.from(source.file) : await RecordBatchReader.from(chunksOf(source));
        return reader.open() as Promise<AsyncReader>;
      });
      const schema = reader.schema;
      if (schema === undefined || schema === null) {
        throw new TableFormatError('TABLE_ARROW_INVALID', 'no Arrow schema: the input is empty', source.name);
      }
      checkSchema(schema, source.name);
      return new ArrowTable(source, reader, schema);
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  batches(): AsyncIterable<TableBatch> {
    if (this.started) throw new TableError('TABLE_SINGLE_PASS', 'batches() was already called', this.source.name);
    this.started = true;
    return this.iterate();
  }

  async close(): Promise<void> {
    try {
      await this.reader.return();
    } finally {
      await this.source.close();
    }
  }

  private async *iterate(): AsyncGenerator<TableBatch> {
    const fields = this.schema.fields;
    let row = 1;
    try {
      const batches = this.reader[Symbol.asyncIterator]();
      for (;;) {
        // apache-arrow ends quietly once closed, which would look like a short table.
        if (this.source.isClosed) throw new TableError('TABLE_CLOSED', 'read after close()', this.source.name);
        const next = await arrowCall(this.source, () => batches.next(), row);
        if (next.done) return;
        const batch = next.value;
        const columns = fields.map((field, c) => arrowVectorCells(batch.getChildAt(c)!, field));
        yield { numRows: batch.numRows, firstLine: row, columns };
        row += batch.numRows;
      }
    } finally {
      await this.close();
    }
  }
}

function checkSchema(schema: Schema, name: string): void {
  const seen = new Set<string>();
  for (const field of schema.fields) {
    if (!isSupportedArrowType(field.type)) {
      throw new TableFormatError(
        'TABLE_ARROW_TYPE',
        `column "${field.name}" has Arrow type ${String(field.type)}, which is not a number, boolean or string`,
        name,
      );
    }
    if (seen.has(field.name)) {
      throw new TableFormatError('TABLE_DUPLICATE_COLUMN', `column "${field.name}" appears twice in the schema`, name);
    }
    seen.add(field.name);
  }
}

/** Runs an apache-arrow call, turning its plain errors into typed ones that name the input. */
async function arrowCall<T>(source: ByteSource, call: () => Promise<T>, row?: number): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TableError) throw error;
    const where = row === undefined ? source.name : `${source.name}:${row}`;
    if (error instanceof ArrowCodecError) throw new TableFormatError(error.code, error.message, where);
    const message = (error as Error).message;
    // apache-arrow's words when no decoder is registered for the batch's codec; arrow-codecs.ts
    // registers one for every codec id, so only code that swapped ours out gets here.
    if (/is compressed but codec not found/.test(message)) {
      throw new TableFormatError('TABLE_ARROW_COMPRESSED', 'record batches are compressed with a codec that has no decoder registered', where);
    }
    throw new TableFormatError('TABLE_ARROW_INVALID', `not a readable Arrow IPC file or stream: ${message}`, where);
  }
}

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  for (let chunk = await source.read(); chunk !== undefined; chunk = await source.read()) yield chunk;
}
