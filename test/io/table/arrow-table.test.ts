import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Decimal,
  Dictionary,
  Field,
  Float16,
  Float32,
  Int8,
  Int16,
  Int32,
  LargeUtf8,
  List,
  makeVector,
  Null,
  RecordBatchStreamWriter,
  Table,
  tableToIPC,
  TimestampMillisecond,
  Uint8,
  Uint32,
  Uint64,
  Utf8,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { openFeatureTable, TableFormatError, type Cell } from '../../../src/io/table/index.js';
import { arrowTable, collect, concatColumns, expectSameCells, openFds, withTempDir } from './table-fixtures.js';

async function readArrow(table: Table, kind: 'file' | 'stream' = 'file') {
  return withTempDir(async (dir) => {
    const path = join(dir, 'rows.arrow');
    await writeFile(path, tableToIPC(table, kind));
    const opened = await openFeatureTable(path);
    const batches = await collect(opened);
    return { columns: opened.columns, batches, cells: concatColumns(batches, opened.columns!.length) };
  });
}

async function arrowError(bytes: Uint8Array | string): Promise<TableFormatError> {
  return withTempDir(async (dir) => {
    const path = join(dir, 'rows.arrow');
    await writeFile(path, bytes);
    const before = await openFds();
    try {
      await collect(await openFeatureTable(path));
    } catch (error) {
      expect(error).toBeInstanceOf(TableFormatError);
      if (before !== undefined) expect(await openFds(), 'the file is closed after the error').toBe(before);
      return error as TableFormatError;
    }
    throw new Error('expected a TableFormatError');
  });
}

describe('Arrow table', () => {
  it('reads every numeric width as numbers: ints, uint64 and int64 bigints, float16/32 widened exactly, decimals', async () => {
    const f32 = [0.1, -0, NaN, null].map((v) => (v === null ? null : Math.fround(v)));
    const table = new Table({
      i8: vectorFromArray([-128, 127, 0, null], new Int8()),
      i16: vectorFromArray([-32768, 1, 2, null], new Int16()),
      u8: vectorFromArray([255, 0, 1, null], new Uint8()),
      u32: vectorFromArray([4294967295, 0, 1, null], new Uint32()),
      u64: vectorFromArray([2n ** 53n, 0n, 1n, null], new Uint64()),
      f16: vectorFromArray([1.5, -0, Infinity, null], new Float16()),
      f32: vectorFromArray(f32, new Float32()),
      dec: makeVector({
        type: new Decimal(2, 10, 128),
        // Two's complement little-endian 32-bit words: 12345, -5, 0, 1 → 123.45, -0.05, 0, 0.01.
        data: new Uint32Array([12345, 0, 0, 0, 0xfffffffb, 0xffffffff, 0xffffffff, 0xffffffff, 0, 0, 0, 0, 1, 0, 0, 0]),
      }) as Vector,
    });
    const { cells } = await readArrow(table);
    expectSameCells(
      cells,
      [
        [-128, 127, 0, null],
        [-32768, 1, 2, null],
        [255, 0, 1, null],
        [4294967295, 0, 1, null],
        [9007199254740992, 0, 1, null],
        [1.5, -0, Infinity, null],
        f32 as Cell[],
        [123.45, -0.05, 0, 0.01],
      ],
      ['i8', 'i16', 'u8', 'u32', 'u64', 'f16', 'f32', 'dec'],
    );
  });

  it('reads strings: utf8, large utf8, dictionaries (pandas categoricals), and the all-null type', async () => {
    const table = new Table({
      large: vectorFromArray(['x', null, 'ünï'], new LargeUtf8()),
      cat: vectorFromArray(['b', 'a', 'b'], new Dictionary(new LargeUtf8(), new Int8())),
      codes: vectorFromArray([3, null, 3], new Dictionary(new Int32(), new Int32())),
      none: vectorFromArray([null, null, null], new Null()),
    });
    const { cells } = await readArrow(table, 'stream');
    expectSameCells(cells, [['x', null, 'ünï'], ['b', 'a', 'b'], [3, null, 3], [null, null, null]], ['large', 'cat', 'codes', 'none']);
  });

  it('reads a stream whose dictionary grows between record batches', async () => {
    // The stream format allows dictionary deltas and replacements; pyarrow emits them when a
    // categorical's categories differ between batches.
    const first = new Table({ cat: vectorFromArray(['a', 'b'], new Dictionary(new Utf8(), new Int32(), 0)) });
    const second = new Table({ cat: vectorFromArray(['c', 'a'], new Dictionary(new Utf8(), new Int32(), 0)) });
    const writer = new RecordBatchStreamWriter();
    writer.write(first.batches[0]);
    writer.write(second.batches[0]);
    writer.finish();
    const bytes = await writer.toUint8Array();
    await withTempDir(async (dir) => {
      const path = join(dir, 'grow.arrows');
      await writeFile(path, bytes);
      const batches = await collect(await openFeatureTable(path));
      expect(batches.map((b) => b.firstLine)).toEqual([1, 3]);
      expectSameCells(concatColumns(batches, 1), [['a', 'b', 'c', 'a']], ['cat']);
    });
  });

  it('yields one batch per record batch, firstLine being the 1-based row number', async () => {
    const { batches } = await readArrow(arrowTable([1, 6, 3]), 'file');
    expect(batches.map((b) => [b.firstLine, b.numRows])).toEqual([
      [1, 1],
      [2, 6],
      [8, 3],
    ]);
  });

  it('rejects unsupported column types, naming the column and its type', async () => {
    const lists = new Table({ ok: vectorFromArray([1], new Int32()), tags: vectorFromArray([[1, 2]], new List(new Field('item', new Int32()))) });
    const error = await arrowError(tableToIPC(lists, 'file'));
    expect(error.code).toBe('TABLE_ARROW_TYPE');
    expect(error.message).toMatch(/rows\.arrow: column "tags" has Arrow type List<Int32>, which is not a number, boolean or string$/);
    const times = new Table({ at: vectorFromArray([1], new TimestampMillisecond()) });
    expect((await arrowError(tableToIPC(times, 'stream'))).message).toMatch(/column "at" has Arrow type Timestamp/);
  });

  it('rejects bytes that are not Arrow (compressed record batches: arrow-compressed.test.ts)', async () => {
    expect((await arrowError('id,x\n1,2\n')).code).toBe('TABLE_ARROW_INVALID');
    expect((await arrowError('')).code).toBe('TABLE_ARROW_INVALID');
  });

  it('reads an empty table as its schema and no rows', async () => {
    const { columns, batches } = await readArrow(arrowTable([0, 0, 0]).slice(0, 0));
    expect(columns).toEqual(['id', 'x', 'cat', 'note', 'flag', 'n', 'big']);
    expect(batches.reduce((sum, b) => sum + b.numRows, 0)).toBe(0);
  });
});
