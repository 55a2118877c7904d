import type { Cell, TableBatch } from './feature-table.js';

/**
 * Collects rows column by column and cuts them into batches of `batchRows`. Parsers write a row's
 * cells straight into `columns` (re-read after every `endRow`, since a full batch swaps them out)
 * so no per-row array is built on the hot path.
 */
export class ColumnBatcher {
  columns: Cell[][];
  private numRows = 0;
  private firstLine = 0;
  private readonly ready: TableBatch[] = [];

  constructor(
    private readonly width: number,
    private readonly batchRows: number,
  ) {
    this.columns = emptyColumns(width);
  }

  /** Call before writing a row's cells; `line` is where the row starts. */
  startRow(line: number): void {
    if (this.numRows === 0) this.firstLine = line;
  }

  endRow(): void {
    if (++this.numRows === this.batchRows) this.cut();
  }

  /** Cuts the partial batch at the end of the input. */
  finish(): void {
    if (this.numRows > 0) this.cut();
  }

  /** The batches completed since the last call. */
  take(): TableBatch[] {
    return this.ready.splice(0);
  }

  private cut(): void {
    this.ready.push({ numRows: this.numRows, firstLine: this.firstLine, columns: this.columns });
    this.columns = emptyColumns(this.width);
    this.numRows = 0;
  }
}

function emptyColumns(width: number): Cell[][] {
  const columns: Cell[][] = new Array(width);
  for (let c = 0; c < width; c++) columns[c] = [];
  return columns;
}
