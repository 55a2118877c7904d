import { ArrowTable } from './arrow-table.js';
import { ByteSource } from './byte-source.js';
import { CsvBatchParser } from './csv-batch-parser.js';
import { formatFromExtension, sniffTableFormat, SNIFF_BYTES } from './detect-table-format.js';
import type { FeatureTable, TableFormat } from './feature-table.js';
import { NdjsonBatchParser } from './ndjson-batch-parser.js';
import { TableError } from './table-error.js';
import { TextTable } from './text-table.js';

export interface OpenTableOptions {
  /**
   * Default: from the extension (`.csv`; `.ndjson`, `.jsonl`, `.json`; `.arrow`, `.arrows`,
   * `.feather`, `.ipc`), else sniffed from the first bytes (also for stdin).
   */
  format?: TableFormat;
  /** Rows per batch for CSV and NDJSON; Arrow keeps the writer's record batches. Default 4096. */
  batchRows?: number;
  /**
   * CSV and NDJSON: columns whose text cells stay raw strings (CSV: empty → null), never parsed as
   * numbers or as nan/inf, e.g. categorical features whose category names look numeric. Default: none.
   */
  textColumns?: ReadonlySet<string>;
}

const DEFAULT_BATCH_ROWS = 4096;

/**
 * Opens a feature table for streaming: `path` is a file or `-` for stdin. Resolves once the
 * header, first record or schema has been read, so `columns` is known; rejects with a
 * `TableError` (`TABLE_NOT_FOUND`, ...) or `TableFormatError` naming the input.
 */
export async function openFeatureTable(path: string, options: OpenTableOptions = {}): Promise<FeatureTable> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new TableError('TABLE_OPTIONS', `batchRows must be a positive integer, got ${batchRows}`, path);
  }
  const source = await ByteSource.open(path);
  let format: TableFormat;
  try {
    format = options.format ?? (path === '-' ? undefined : formatFromExtension(path)) ?? sniffTableFormat(await source.peek(SNIFF_BYTES), source.name);
  } catch (error) {
    await source.close();
    throw error;
  }
  switch (format) {
    case 'arrow':
      return ArrowTable.open(source);
    case 'csv':
      return TextTable.open(source, format, new CsvBatchParser(source.name, batchRows, options.textColumns ?? new Set()));
    case 'ndjson':
      return TextTable.open(source, format, new NdjsonBatchParser(source.name, batchRows, options.textColumns ?? new Set()));
  }
}
