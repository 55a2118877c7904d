import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import {
  Bool, Field, Float64, Int32, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, Utf8, vectorFromArray,
} from 'apache-arrow';
import { BidlabError } from '../../errors.js';

export type ArrowColumnType = 'float64' | 'int32' | 'bool' | 'string';
export interface ArrowColumn { readonly name: string; readonly type: ArrowColumnType }
export type ArrowCell = number | boolean | string | null;

export interface ArrowTableWriterOptions {
  /** Rows per record batch (default 65,536): memory stays bounded by one batch. */
  readonly batchRows?: number;
}

/**
 * Streams rows into an Arrow IPC file (the format pyarrow and pandas read with
 * `pyarrow.ipc.open_file` / `pd.read_feather`), one record batch at a time. The file is written
 * under `<path>.partial` and renamed by `close()`, so a failed run leaves no half-written file;
 * `abort()` removes it. Numbers go in typed arrays, never as objects; null marks a missing value.
 */
export class ArrowTableWriter {
  private readonly schema: Schema;
  private readonly batchRows: number;
  private readonly numeric: (Float64Array | Int32Array | Uint8Array | undefined)[];
  private readonly valid: Uint8Array[];
  private readonly strings: ((string | null)[] | undefined)[];
  private rows = 0;
  private total = 0;

  private constructor(
    readonly path: string,
    private readonly columns: ReadonlyArray<ArrowColumn>,
    private readonly writer: RecordBatchFileWriter,
    private readonly out: NodeJS.WritableStream,
    options: ArrowTableWriterOptions,
  ) {
    this.batchRows = options.batchRows ?? 65_536;
    this.schema = new Schema(columns.map((c) => new Field(c.name, arrowType(c.type), true)));
    this.numeric = columns.map((c) => (c.type === 'float64' ? new Float64Array(this.batchRows)
      : c.type === 'int32' ? new Int32Array(this.batchRows)
      : c.type === 'bool' ? new Uint8Array(this.batchRows) : undefined));
    this.valid = columns.map(() => new Uint8Array(this.batchRows));
    this.strings = columns.map((c) => (c.type === 'string' ? [] : undefined));
  }

  static async open(path: string, columns: ReadonlyArray<ArrowColumn>, options: ArrowTableWriterOptions = {}): Promise<ArrowTableWriter> {
    const names = new Set<string>();
    for (const c of columns) {
      if (names.has(c.name)) throw new BidlabError('ARROW_DUPLICATE_COLUMN', `column '${c.name}' appears twice`, path);
      names.add(c.name);
    }
    const out = createWriteStream(`${path}.partial`);
    const writer = new RecordBatchFileWriter();
    writer.toNodeStream().pipe(out);
    return new ArrowTableWriter(path, columns, writer, out, options);
  }

  /** Rows written so far, including those not yet flushed. */
  get rowCount(): number { return this.total; }

  /** Appends one row; `values` in column order. */
  append(values: ReadonlyArray<ArrowCell>): void {
    if (values.length !== this.columns.length) {
      throw new BidlabError('ARROW_ROW_WIDTH', `row ${this.total} has ${values.length} values, expected ${this.columns.length}`, this.path);
    }
    const r = this.rows;
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      const isNull = v === null || v === undefined;
      this.valid[c]![r] = isNull ? 0 : 1;
      const strings = this.strings[c];
      if (strings) strings.push(isNull ? null : String(v));
      else if (!isNull) this.numeric[c]![r] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
    }
    this.rows++;
    this.total++;
    if (this.rows === this.batchRows) this.flush();
  }

  /** Writes the last batch and the file footer, then renames the file into place. */
  async close(): Promise<void> {
    this.flush();
    this.writer.finish();
    await finished(this.out);
    await rename(`${this.path}.partial`, this.path);
  }

  /** Stops writing and removes the partial file. */
  async abort(): Promise<void> {
    // Cut the file stream first (the writer then has nowhere to send its remaining bytes) and
    // wait until it has closed: the file may only be opened after destroy() was called, and
    // removing it before that would leave it behind.
    const out = this.out as unknown as WriteStream;
    // Not events.once: batches already handed to the writer keep arriving through the pipe, and
    // their failed write to the destroyed file is expected here, not a reason to reject.
    const closed = out.closed ? Promise.resolve() : new Promise<void>((resolve) => out.once('close', () => resolve()));
    out.on('error', () => {});
    out.destroy();
    await closed;
    await rm(`${this.path}.partial`, { force: true });
  }

  private flush(): void {
    const n = this.rows;
    if (n === 0 && this.total > 0) return;
    const children = this.columns.map((c, i) => {
      const valid = this.valid[i]!.slice(0, n);
      const nullCount = n - valid.reduce((a, b) => a + b, 0);
      if (c.type === 'string') {
        const strings = this.strings[i]!;
        const data = vectorFromArray(strings, new Utf8()).data[0]!;
        strings.length = 0;
        return data;
      }
      const values = this.numeric[i]!.slice(0, n);
      const nullBitmap = nullCount > 0 ? packBits(valid) : undefined;
      const common = { length: n, nullCount, nullBitmap };
      if (c.type === 'bool') return makeData({ type: new Bool(), ...common, data: packBits(values as Uint8Array) });
      if (c.type === 'int32') return makeData({ type: new Int32(), ...common, data: values as Int32Array });
      return makeData({ type: new Float64(), ...common, data: values as Float64Array });
    });
    const struct = makeData({ type: new Struct(this.schema.fields), length: n, nullCount: 0, children });
    this.writer.write(new RecordBatch(this.schema, struct));
    this.rows = 0;
  }
}

function arrowType(t: ArrowColumnType): Float64 | Int32 | Bool | Utf8 {
  switch (t) {
    case 'float64': return new Float64();
    case 'int32': return new Int32();
    case 'bool': return new Bool();
    case 'string': return new Utf8();
  }
}

/** Arrow's validity and boolean buffers: one bit per value, least significant bit first. */
function packBits(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 8));
  for (let i = 0; i < bytes.length; i++) if (bytes[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}
