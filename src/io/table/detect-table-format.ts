import { extname } from 'node:path';
import type { TableFormat } from './feature-table.js';
import { TableFormatError } from './table-format-error.js';

const BY_EXTENSION: Readonly<Record<string, TableFormat>> = {
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'ndjson',
  '.arrow': 'arrow',
  '.arrows': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
};

/** The format a file name promises, or `undefined` when the extension says nothing. */
export function formatFromExtension(path: string): TableFormat | undefined {
  return BY_EXTENSION[extname(path).toLowerCase()];
}

/** How many leading bytes `sniffTableFormat` wants. */
export const SNIFF_BYTES = 64;

/**
 * Guesses the format from the first bytes: Arrow's `ARROW1` file magic or stream continuation
 * marker, then NDJSON when the first non-blank character opens an object or array, else CSV.
 */
export function sniffTableFormat(head: Uint8Array, name: string): TableFormat {
  const ascii = String.fromCharCode(...head.subarray(0, 8));
  if (ascii.startsWith('ARROW1')) return 'arrow';
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
  if (ascii.startsWith('FEA1')) {
    throw new TableFormatError('TABLE_ARROW_FEATHER_V1', 'Feather v1 is not supported; write Feather v2 (the default since pyarrow 0.17)', name);
  }
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 32 || head[i] === 9 || head[i] === 10 || head[i] === 13)) i++;
  return head[i] === 0x7b /* { */ || head[i] === 0x5b /* [ */ ? 'ndjson' : 'csv';
}
