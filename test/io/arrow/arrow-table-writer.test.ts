import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { type ArrowColumn, ArrowTableWriter } from '../../../src/io/arrow/index.js';

const ROOT = join(import.meta.dirname, '../../..');
const COLUMNS: ArrowColumn[] = [
  { name: 'opportunity', type: 'int32' },
  { name: 'price', type: 'float64' },
  { name: 'won', type: 'bool' },
  { name: 'policy', type: 'string' },
];

function row(i: number): [number, number | null, boolean | null, string | null] {
  return [i, i % 7 === 0 ? null : i / 3, i % 11 === 0 ? null : i % 2 === 0, i % 13 === 0 ? null : `p${i % 3}`];
}

async function write(path: string, rows: number, batchRows = 1000): Promise<void> {
  const w = await ArrowTableWriter.open(path, COLUMNS, { batchRows });
  for (let i = 0; i < rows; i++) w.append(row(i));
  await w.close();
}

describe('ArrowTableWriter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bidlab-arrow-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes batches that apache-arrow reads back, nulls included', async () => {
    const path = join(dir, 'a.arrow');
    await write(path, 2500);
    expect(existsSync(`${path}.partial`)).toBe(false);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(2500);
    expect(table.batches.length).toBe(3);
    for (const i of [0, 1, 7, 11, 13, 1999, 2499]) {
      const r = table.get(i)!.toJSON();
      const [o, price, won, policy] = row(i);
      expect(r).toEqual({ opportunity: o, price, won, policy });
    }
  });

  it('is byte-identical for identical rows', async () => {
    await write(join(dir, 'b1.arrow'), 3000);
    await write(join(dir, 'b2.arrow'), 3000);
    expect(readFileSync(join(dir, 'b1.arrow')).equals(readFileSync(join(dir, 'b2.arrow')))).toBe(true);
  });

  it('pandas reads it (through pyarrow)', async () => {
    const path = join(dir, 'c.arrow');
    await write(path, 1500);
    const py = `import pyarrow as pa, sys
t = pa.ipc.open_file(sys.argv[1]).read_all().to_pandas()
print(len(t), t['price'].isna().sum(), t['policy'].isna().sum(), t['won'].isna().sum(), repr(float(t['price'][4])))`;
    const out = execFileSync(join(ROOT, 'scripts/python.sh'), ['-c', py, path], { encoding: 'utf8' }).trim();
    // 1500 rows; nulls every 7th/13th/11th row from row 0; price of row 4 = 4/3.
    expect(out).toBe(`1500 ${Math.ceil(1500 / 7)} ${Math.ceil(1500 / 13)} ${Math.ceil(1500 / 11)} ${String(4 / 3)}`);
  });

  it('leaves nothing behind when aborted, and refuses rows of the wrong width', async () => {
    const path = join(dir, 'd.arrow');
    const w = await ArrowTableWriter.open(path, COLUMNS, { batchRows: 10 });
    for (let i = 0; i < 25; i++) w.append(row(i));
    expect(() => w.append([1, 2])).toThrow(/2 values, expected 4/);
    await w.abort();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.partial`)).toBe(false);
  });
});
