import { describe, expect, it } from 'vitest';
import { openFeatureTable, TableError, type FeatureTable, type OpenTableOptions } from '../../../src/io/table/index.js';
import {
  CELLS,
  COLUMNS,
  collect,
  concatColumns,
  expectSameCells,
  NUM_ROWS,
  openFds,
  TEXT_COLUMNS,
  withTempDir,
  writeArrow,
  writeCsv,
  writeNdjson,
  type TableWriter,
} from './table-fixtures.js';

/** One suite, every format: the same logical table must come back cell for cell. */
const FORMATS: Array<{ name: string; format: FeatureTable['format']; write: TableWriter; rebatches: boolean }> = [
  { name: 'CSV', format: 'csv', write: (dir) => writeCsv(dir), rebatches: true },
  { name: 'CSV with CRLF and a BOM', format: 'csv', write: (dir) => writeCsv(dir, { crlf: true, bom: true }), rebatches: true },
  { name: 'NDJSON', format: 'ndjson', write: writeNdjson, rebatches: true },
  { name: 'Arrow IPC file', format: 'arrow', write: (dir) => writeArrow(dir, 'file'), rebatches: false },
  { name: 'Arrow IPC stream', format: 'arrow', write: (dir) => writeArrow(dir, 'stream', 'table.arrows'), rebatches: false },
  { name: 'Feather v2', format: 'arrow', write: (dir) => writeArrow(dir, 'file', 'table.feather'), rebatches: false },
];

const OPTIONS: OpenTableOptions = { textColumns: TEXT_COLUMNS };

describe.each(FORMATS)('feature table: $name', ({ format, write, rebatches }) => {
  it('reads the header or schema before resolving, and detects the format', async () => {
    await withTempDir(async (dir) => {
      const { path } = await write(dir);
      const table = await openFeatureTable(path, OPTIONS);
      try {
        expect(table.format).toBe(format);
        expect(table.path).toBe(path);
        expect(table.columns).toEqual(COLUMNS);
      } finally {
        await table.close();
      }
    });
  });

  it('reads every cell identically: NaN, ±Infinity, the sign of -0, nulls, strings', async () => {
    await withTempDir(async (dir) => {
      const { path } = await write(dir);
      const table = await openFeatureTable(path, OPTIONS);
      expectSameCells(concatColumns(await collect(table), COLUMNS.length), CELLS);
    });
  });

  it('cuts batches that concatenate to the table, each knowing its first source line', async () => {
    await withTempDir(async (dir) => {
      const { path, rowLines } = await write(dir);
      const batches = await collect(await openFeatureTable(path, { ...OPTIONS, batchRows: 3 }));
      // Text formats cut to batchRows; Arrow keeps the writer's record batches (4, 4, 2 here).
      expect(batches.map((b) => b.numRows)).toEqual(rebatches ? [3, 3, 3, 1] : [4, 4, 2]);
      let row = 0;
      for (const batch of batches) {
        expect(batch.firstLine, `batch starting at row ${row}`).toBe(rowLines[row]);
        row += batch.numRows;
      }
      expect(row).toBe(NUM_ROWS);
      expectSameCells(concatColumns(batches, COLUMNS.length), CELLS);
    });
  });

  it('closes the input when the loop is left early', async () => {
    await withTempDir(async (dir) => {
      const { path } = await write(dir);
      const before = await openFds();
      const table = await openFeatureTable(path, { ...OPTIONS, batchRows: 2 });
      for await (const batch of table.batches()) {
        expect(batch.numRows).toBeGreaterThan(0);
        break;
      }
      if (before !== undefined) expect(await openFds()).toBe(before);
      await table.close();
    });
  });

  it('refuses to read on after close() rather than end the table early', async () => {
    await withTempDir(async (dir) => {
      const { path } = await write(dir);
      const table = await openFeatureTable(path, { ...OPTIONS, batchRows: 1 });
      const batches = table.batches()[Symbol.asyncIterator]();
      await batches.next();
      await table.close();
      await expect(
        (async () => {
          for (let next = await batches.next(); !next.done; next = await batches.next());
        })(),
      ).rejects.toMatchObject({ code: 'TABLE_CLOSED' });
    });
  });

  it('is single pass', async () => {
    await withTempDir(async (dir) => {
      const { path } = await write(dir);
      const table = await openFeatureTable(path, OPTIONS);
      await collect(table);
      expect(() => table.batches()).toThrowError(expect.objectContaining({ code: 'TABLE_SINGLE_PASS' }));
      expect(() => table.batches()).toThrow(TableError);
    });
  });

  it('is found by sniffing when the extension says nothing', async () => {
    await withTempDir(async (dir) => {
      const { path } = await write(dir);
      const { rename } = await import('node:fs/promises');
      const renamed = `${path}.data`;
      await rename(path, renamed);
      const table = await openFeatureTable(renamed, OPTIONS);
      expect(table.format).toBe(format);
      expectSameCells(concatColumns(await collect(table), COLUMNS.length), CELLS);
    });
  });
});
