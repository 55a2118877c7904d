import { ColumnBatcher } from './column-batcher.js';
import type { Cell } from './feature-table.js';
import { parseJsonLine } from './parse-json-line.js';
import { parseSpecialFloat } from './parse-special-float.js';
import { TableFormatError } from './table-format-error.js';
import { MAX_RECORD_CHARS, type TextBatchParser } from './text-table.js';

/**
 * NDJSON text → typed batches, one JSON value per line, blank lines skipped. The first record fixes
 * the layout: an object's keys become the columns (later objects may omit keys, not add them); an
 * array makes the table positional, every record an array of the same length.
 */
export class NdjsonBatchParser implements TextBatchParser {
  /** `undefined` until the first record, then its keys, or `null` for positional records. */
  columns: string[] | null | undefined;
  line = 1;
  private rest = '';
  private batcher: ColumnBatcher | undefined;
  private index = new Map<string, number>();
  private width = 0;
  /** Per column: keep strings as they are (category names such as "nan"), see textColumns. */
  private keepText: boolean[] = [];

  constructor(
    private readonly name: string,
    private readonly batchRows: number,
    private readonly textColumns: ReadonlySet<string> = new Set(),
  ) {}

  push(text: string): void {
    const buf = this.rest.length === 0 ? text : this.rest + text;
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf('\n', pos);
      if (nl === -1) break;
      this.record(buf.slice(pos, nl));
      this.line++;
      pos = nl + 1;
    }
    this.rest = buf.slice(pos);
    if (this.rest.length > MAX_RECORD_CHARS) {
      throw this.error('TABLE_RECORD_TOO_LONG', `line runs over ${MAX_RECORD_CHARS} characters without ending`);
    }
  }

  end(): void {
    if (this.rest.length > 0) this.record(this.rest);
    this.rest = '';
    this.batcher?.finish();
  }

  take() {
    return this.batcher?.take() ?? [];
  }

  private record(text: string): void {
    if (/^\s*$/.test(text)) return;
    let value: unknown;
    try {
      value = parseJsonLine(text);
    } catch (error) {
      throw this.error('TABLE_JSON', `invalid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null) {
      throw this.error('TABLE_RECORD_KIND', `expected a JSON object or array, found ${describe(value)}`);
    }
    if (this.batcher === undefined) this.layout(value);
    const batcher = this.batcher!;
    batcher.startRow(this.line);
    if (this.columns === null) this.arrayRecord(value, batcher.columns);
    else this.objectRecord(value, batcher.columns);
    batcher.endRow();
  }

  private layout(first: object): void {
    if (Array.isArray(first)) {
      this.columns = null;
      this.width = first.length;
    } else {
      this.columns = Object.keys(first);
      this.width = this.columns.length;
      this.columns.forEach((key, c) => this.index.set(key, c));
      this.keepText = this.columns.map((key) => this.textColumns.has(key));
    }
    this.batcher = new ColumnBatcher(this.width, this.batchRows);
  }

  private arrayRecord(value: object, columns: Cell[][]): void {
    if (!Array.isArray(value)) throw this.error('TABLE_RECORD_KIND', 'expected an array like the first record, found an object');
    if (value.length !== this.width) {
      throw this.error('TABLE_ROW_WIDTH', `expected ${this.width} values, found ${value.length}`);
    }
    for (let c = 0; c < this.width; c++) columns[c].push(this.cell(value[c], `[${c}]`, false));
  }

  private objectRecord(value: object, columns: Cell[][]): void {
    if (Array.isArray(value)) throw this.error('TABLE_RECORD_KIND', 'expected an object like the first record, found an array');
    const row: Cell[] = new Array(this.width).fill(null);
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const c = this.index.get(key);
      if (c === undefined) throw this.error('TABLE_UNKNOWN_KEY', `key "${key}" is not in the first record`);
      row[c] = this.cell(record[key], `"${key}"`, this.keepText[c]!);
    }
    for (let c = 0; c < this.width; c++) columns[c].push(row[c]);
  }

  private cell(value: unknown, key: string, keepText: boolean): Cell {
    switch (typeof value) {
      case 'number':
        return value;
      case 'string':
        return keepText ? value : (parseSpecialFloat(value) ?? value);
      case 'boolean':
        return value ? 1 : 0;
      case 'undefined':
        return null;
      default:
        if (value === null) return null;
        throw this.error('TABLE_VALUE_TYPE', `${key}: expected a number, string, boolean or null, found ${describe(value)}`);
    }
  }

  private error(code: string, message: string): TableFormatError {
    return new TableFormatError(code, message, `${this.name}:${this.line}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
