/**
 * One cell as a reader found it. `null` is a cell that was absent (an empty CSV cell, a JSON null or
 * a missing key, an Arrow null); a `nan` literal stays a NaN number, so a converter can tell the two
 * apart even though both usually mean "missing".
 */
export type Cell = number | string | null;

export type TableFormat = 'csv' | 'ndjson' | 'arrow';

/** A run of consecutive rows, stored column by column because features are converted per column. */
export interface TableBatch {
  readonly numRows: number;
  /**
   * Where row 0 came from, for error messages: the 1-based source line for CSV and NDJSON (a
   * quoted CSV field that spans lines pushes later rows down), the 1-based row number for Arrow.
   */
  readonly firstLine: number;
  /** `columns[c][r]`; every column has `numRows` cells. */
  readonly columns: ReadonlyArray<ReadonlyArray<Cell>>;
}

export interface FeatureTable {
  /** The path as given to `openFeatureTable` (`-` for stdin); errors name it. */
  readonly path: string;
  readonly format: TableFormat;
  /** Column names in order, or `null` when records are positional (NDJSON arrays). */
  readonly columns: ReadonlyArray<string> | null;
  /**
   * The rows, read as they are consumed. Single pass: a second call throws. Leaving the loop early
   * (break, return, throw) closes the input.
   */
  batches(): AsyncIterable<TableBatch>;
  /** Releases the input; safe to call more than once. */
  close(): Promise<void>;
}
