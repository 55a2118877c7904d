import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BidlabError } from '../../../src/errors.js';
import { openFeatureTable, TableError, TableFormatError } from '../../../src/io/table/index.js';
import { collect, openFds, withTempDir, writeArrow } from './table-fixtures.js';

describe('openFeatureTable', () => {
  it('names a missing file with TABLE_NOT_FOUND', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'nope.csv');
      const error = await openFeatureTable(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TableError);
      expect(error).toBeInstanceOf(BidlabError);
      expect(error).toMatchObject({ code: 'TABLE_NOT_FOUND', where: path, message: `${path}: no such file` });
    });
  });

  it('refuses a directory', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.csv');
      await mkdir(path);
      const before = await openFds();
      await expect(openFeatureTable(path)).rejects.toMatchObject({ code: 'TABLE_UNREADABLE' });
      if (before !== undefined) expect(await openFds()).toBe(before);
    });
  });

  it('takes the format from the extension, the option over both, and sniffs otherwise', async () => {
    await withTempDir(async (dir) => {
      const write = async (name: string, text: string): Promise<string> => {
        const path = join(dir, name);
        await writeFile(path, text);
        return path;
      };
      const cases: Array<[string, string, 'csv' | 'ndjson' | 'arrow']> = [
        [await write('a.csv', 'x\n1\n'), 'csv', 'csv'],
        [await write('a.JSONL', '{"x":1}\n'), 'ndjson', 'ndjson'],
        [await write('a.json', '[1]\n'), 'ndjson', 'ndjson'],
        [await write('a.txt', '\ufeff  \n{"x":1}\n'), 'sniffed', 'ndjson'],
        [await write('a', 'x,y\n1,2\n'), 'sniffed', 'csv'],
        [(await writeArrow(dir, 'stream', 'a.bin')).path, 'sniffed', 'arrow'],
        [(await writeArrow(dir, 'file', 'b.ipc')).path, 'ipc', 'arrow'],
      ];
      for (const [path, why, format] of cases) {
        const table = await openFeatureTable(path);
        expect(table.format, `${path} (${why})`).toBe(format);
        await table.close();
      }
      const forced = await openFeatureTable(await write('b.csv', '{"x":1}\n'), { format: 'ndjson' });
      expect(forced.format).toBe('ndjson');
      expect(forced.columns).toEqual(['x']);
      await forced.close();
    });
  });

  it('refuses a bad batchRows and Feather v1', async () => {
    await withTempDir(async (dir) => {
      const csv = join(dir, 'a.csv');
      await writeFile(csv, 'x\n1\n');
      await expect(openFeatureTable(csv, { batchRows: 0 })).rejects.toMatchObject({ code: 'TABLE_OPTIONS' });
      await expect(openFeatureTable(csv, { batchRows: 1.5 })).rejects.toMatchObject({ code: 'TABLE_OPTIONS' });
      const v1 = join(dir, 'old.dat');
      await writeFile(v1, 'FEA1\0\0\0\0');
      await expect(openFeatureTable(v1)).rejects.toMatchObject({ code: 'TABLE_ARROW_FEATHER_V1' });
    });
  });

  it('closes the file when a later row fails, after yielding the good batches', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rows.csv');
      const good = Array.from({ length: 50 }, (_, i) => `${i},${i}`);
      await writeFile(path, ['a,b', ...good, '1,2,3', '4,5'].join('\n'));
      const before = await openFds();
      const table = await openFeatureTable(path, { batchRows: 10 });
      const seen: number[] = [];
      const error = await (async () => {
        for await (const batch of table.batches()) seen.push(batch.numRows);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TableFormatError);
      expect((error as TableFormatError).where).toBe(`${path}:52`);
      expect(seen).toEqual([10, 10, 10, 10, 10]);
      if (before !== undefined) expect(await openFds()).toBe(before);
      await table.close();
    });
  });

  it('closes the file when an error is thrown out of the loop', async () => {
    await withTempDir(async (dir) => {
      const { path } = await writeArrow(dir, 'file');
      const before = await openFds();
      const table = await openFeatureTable(path);
      await expect(
        (async () => {
          for await (const _batch of table.batches()) throw new Error('consumer failed');
        })(),
      ).rejects.toThrow('consumer failed');
      if (before !== undefined) expect(await openFds()).toBe(before);
      await collect(await openFeatureTable(path));
    });
  });
});
