import { ColumnBatcher } from './column-batcher.js';
import type { CsvRecordSink } from './csv-splitter.js';
import { CsvSplitter } from './csv-splitter.js';
import type { Cell } from './feature-table.js';
import { parseCsvCell, parseSimpleDecimal } from './parse-csv-cell.js';
import { TableFormatError } from './table-format-error.js';
import type { TextBatchParser } from './text-table.js';

/** CSV text → header + typed batches. The first record is the header. */
export class CsvBatchParser implements TextBatchParser, CsvRecordSink {
  columns: string[] | undefined;
  private readonly splitter: CsvSplitter;
  private batcher: ColumnBatcher | undefined;
  /** Per column: keep the raw text (a `textColumns` member) instead of typing it. */
  private raw: boolean[] = [];

  constructor(
    private readonly name: string,
    private readonly batchRows: number,
    private readonly textColumns: ReadonlySet<string>,
  ) {
    this.splitter = new CsvSplitter(name);
  }

  get line(): number {
    return this.splitter.line;
  }

  push(text: string): void {
    this.splitter.push(text, this);
  }

  end(): void {
    this.splitter.end(this);
    this.batcher?.finish();
  }

  take() {
    return this.batcher?.take() ?? [];
  }

  plainRecord(text: string, start: number, end: number, line: number): void {
    const batcher = this.batcher;
    if (batcher === undefined) {
      this.fieldRecord(text.slice(start, end).split(','), line);
      return;
    }
    const raw = this.raw;
    const width = raw.length;
    const columns = batcher.columns;
    batcher.startRow(line);
    let pos = start;
    for (let c = 0; c < width; c++) {
      if (pos > end) this.widthError(text, start, end, line);
      let comma = text.indexOf(',', pos);
      if (comma === -1 || comma > end) comma = end;
      let cell: Cell = null;
      if (comma > pos) {
        if (raw[c]) {
          cell = text.slice(pos, comma);
        } else {
          cell = parseSimpleDecimal(text, pos, comma);
          if (cell !== cell) cell = parseCsvCell(text.slice(pos, comma));
        }
      }
      columns[c].push(cell);
      pos = comma + 1;
    }
    if (pos <= end) this.widthError(text, start, end, line);
    batcher.endRow();
  }

  fieldRecord(fields: string[], line: number): void {
    const batcher = this.batcher;
    if (batcher === undefined) {
      this.header(fields, line);
      return;
    }
    const width = this.raw.length;
    if (fields.length !== width) throw this.widthMismatch(fields.length, line);
    batcher.startRow(line);
    const columns = batcher.columns;
    const raw = this.raw;
    for (let c = 0; c < width; c++) {
      const text = fields[c];
      columns[c].push(raw[c] ? (text.length === 0 ? null : text) : parseCsvCell(text));
    }
    batcher.endRow();
  }

  private widthError(text: string, start: number, end: number, line: number): never {
    let found = 1;
    for (let i = text.indexOf(',', start); i !== -1 && i < end; i = text.indexOf(',', i + 1)) found++;
    throw this.widthMismatch(found, line);
  }

  private widthMismatch(found: number, line: number): TableFormatError {
    return new TableFormatError('TABLE_ROW_WIDTH', `expected ${this.raw.length} cells, found ${found}`, `${this.name}:${line}`);
  }

  private header(fields: string[], line: number): void {
    if (fields.length > 0 && fields[0].charCodeAt(0) === 0xfeff) fields[0] = fields[0].slice(1);
    const seen = new Set<string>();
    for (const name of fields) {
      if (seen.has(name)) {
        throw new TableFormatError('TABLE_DUPLICATE_COLUMN', `column "${name}" appears twice in the header`, `${this.name}:${line}`);
      }
      seen.add(name);
    }
    this.columns = fields;
    this.raw = fields.map((name) => this.textColumns.has(name));
    this.batcher = new ColumnBatcher(fields.length, this.batchRows);
  }
}
