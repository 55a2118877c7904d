import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool,
  Dictionary,
  Float64,
  Int32,
  Int64,
  RecordBatch,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { expect } from 'vitest';
import type { Cell, FeatureTable, TableBatch } from '../../../src/io/table/index.js';

/**
 * The logical table every format must read back identically: floats with every awkward value,
 * a categorical (dictionary in Arrow), free text that needs CSV quoting, a bool, nullable ints and
 * 64-bit ints. Stored by column, as cells.
 */
export const COLUMNS = ['id', 'x', 'cat', 'note', 'flag', 'n', 'big'];

export const CELLS: Cell[][] = [
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  [0.1, -0, NaN, Infinity, -Infinity, 1e-36, 1.7976931348623157e308, 5e-324, null, 0.30000000000000004],
  ['red', 'green', null, 'red', 'blue', 'green', 'red', '007', 'blue', 'red'],
  ['plain', 'a, b', 'say "hi"', 'two\nlines', 'ünï ☃', null, 'x', 'y', 'z', 'end'],
  [1, 0, 1, null, 0, 1, 1, 0, 0, 1],
  [10, null, -3, 0, 2147483647, -2147483648, null, 5, 6, 7],
  [9007199254740992, -5, 0, null, 1, 2, 3, 4, 5, -9007199254740992],
];

export const NUM_ROWS = CELLS[0].length;

/** Columns whose CSV cells must stay text (category names that look like numbers). */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set(['cat', 'note']);

export interface WrittenTable {
  path: string;
  /** Where each logical row starts: source line (CSV, NDJSON) or row number (Arrow). */
  rowLines: number[];
}

export type TableWriter = (dir: string) => Promise<WrittenTable>;

/** How pandas/numpy spell a float in text: repr, with `nan`, `inf`, `-inf` and `-0.0`. */
function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0.0';
  return String(value);
}

function csvField(cell: Cell, column: string): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (column === 'flag') return cell === 1 ? 'True' : 'False';
    return pythonFloat(cell);
  }
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function rows(): Cell[][] {
  return Array.from({ length: NUM_ROWS }, (_, r) => CELLS.map((column) => column[r]));
}

/** Source lines of each row, given the header's line count and the text of each row. */
function linesOf(rowTexts: string[], firstLine: number): number[] {
  const lines: number[] = [];
  let line = firstLine;
  for (const text of rowTexts) {
    lines.push(line);
    line += text.split('\n').length;
  }
  return lines;
}

export async function writeCsv(dir: string, options: { crlf?: boolean; bom?: boolean } = {}): Promise<WrittenTable> {
  const texts = rows().map((row) => row.map((cell, c) => csvField(cell, COLUMNS[c])).join(','));
  const eol = options.crlf ? '\r\n' : '\n';
  const path = join(dir, options.crlf ? 'crlf.csv' : 'table.csv');
  await writeFile(path, (options.bom ? '\ufeff' : '') + [COLUMNS.join(','), ...texts].join(eol) + eol);
  return { path, rowLines: linesOf(texts, 2) };
}

function jsonValue(cell: Cell, column: string, r: number): string {
  if (cell === null) return 'null';
  if (typeof cell === 'string') return JSON.stringify(cell);
  if (column === 'flag') return cell === 1 ? 'true' : 'false';
  if (Object.is(cell, -0)) return '-0.0';
  if (Number.isFinite(cell)) return JSON.stringify(cell);
  // Both spellings seen in the wild: Python's json.dumps writes bare tokens, others write strings.
  const token = Number.isNaN(cell) ? 'NaN' : cell > 0 ? 'Infinity' : '-Infinity';
  return r % 2 === 0 ? token : `"${token.toLowerCase()}"`;
}

/** One object per line; a blank line after row 3 checks that line numbers count it; `n` omitted when null. */
export async function writeNdjson(dir: string): Promise<WrittenTable> {
  const texts = rows().map((row, r) => {
    const members = row.flatMap((cell, c) =>
      COLUMNS[c] === 'n' && cell === null && r > 0 ? [] : [`${JSON.stringify(COLUMNS[c])}:${jsonValue(cell, COLUMNS[c], r)}`],
    );
    return `{${members.join(',')}}`;
  });
  const lines = [...texts.slice(0, 3), '', ...texts.slice(3)];
  const path = join(dir, 'table.ndjson');
  await writeFile(path, lines.join('\n') + '\n');
  return { path, rowLines: texts.map((_, r) => (r < 3 ? r + 1 : r + 2)) };
}

export function arrowTable(batchSizes: number[] = [4, 4, 2]): Table {
  const table = new Table({
    id: vectorFromArray(CELLS[0], new Int32()),
    x: vectorFromArray(CELLS[1], new Float64()),
    cat: vectorFromArray(CELLS[2], new Dictionary(new Utf8(), new Int32())),
    note: vectorFromArray(CELLS[3], new Utf8()),
    flag: vectorFromArray(CELLS[4].map((v) => (v === null ? null : v === 1)), new Bool()),
    n: vectorFromArray(CELLS[5], new Int32()),
    big: vectorFromArray(CELLS[6].map((v) => (v === null ? null : BigInt(v as number))), new Int64()),
  });
  const whole = table.batches[0];
  const batches: RecordBatch[] = [];
  let start = 0;
  for (const size of batchSizes) {
    batches.push(whole.slice(start, start + size));
    start += size;
  }
  return new Table(table.schema, batches);
}

export async function writeArrow(dir: string, kind: 'file' | 'stream', name = `table-${kind}.arrow`): Promise<WrittenTable> {
  const path = join(dir, name);
  await writeFile(path, tableToIPC(arrowTable(), kind));
  return { path, rowLines: Array.from({ length: NUM_ROWS }, (_, r) => r + 1) };
}

export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'bidlab-table-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function collect(table: FeatureTable): Promise<TableBatch[]> {
  const batches: TableBatch[] = [];
  for await (const batch of table.batches()) batches.push(batch);
  return batches;
}

/** Concatenates batches back into whole columns. */
export function concatColumns(batches: TableBatch[], width: number): Cell[][] {
  const columns: Cell[][] = Array.from({ length: width }, () => []);
  for (const batch of batches) {
    expect(batch.columns.length).toBe(width);
    batch.columns.forEach((column, c) => {
      expect(column.length).toBe(batch.numRows);
      columns[c].push(...column);
    });
  }
  return columns;
}

/** Cell-by-cell comparison with `Object.is`, so NaN matches NaN and -0 does not match 0. */
export function expectSameCells(actual: Cell[][], expected: Cell[][], names: ReadonlyArray<string> = COLUMNS): void {
  expect(actual.length).toBe(expected.length);
  const mismatches: string[] = [];
  expected.forEach((column, c) => {
    expect(actual[c].length, `rows in column ${names[c]}`).toBe(column.length);
    column.forEach((cell, r) => {
      if (!Object.is(actual[c][r], cell)) mismatches.push(`${names[c]}[${r}]: got ${show(actual[c][r])}, want ${show(cell)}`);
    });
  });
  expect(mismatches).toEqual([]);
}

function show(cell: Cell): string {
  return Object.is(cell, -0) ? '-0' : typeof cell === 'string' ? JSON.stringify(cell) : String(cell);
}

/** Open descriptors of this process, or undefined where /proc is not there. */
export async function openFds(): Promise<number | undefined> {
  try {
    return (await readdir('/proc/self/fd')).length;
  } catch {
    return undefined;
  }
}
