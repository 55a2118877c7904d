import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogItem } from '../../../src/domain/index.js';
import { ArrowTableWriter } from '../../../src/io/arrow/index.js';
import { ArrowLogWriter, detectLogFormat, openLogWriter, readArrowLog, readLog } from '../../../src/io/log/index.js';
import { runPython } from '../../helpers/cli.js';
import { makeLogRecord, plain } from './log-fixtures.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'bidlab-arrow-log-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function collect(items: AsyncIterable<LogItem>): Promise<LogItem[]> {
  const out: LogItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const records = Array.from({ length: 3_000 }, (_, i) => makeLogRecord(i));

describe('Arrow logs', () => {
  it('round-trips every record with its row number, across several record batches', async () => {
    const path = join(dir, 'log.arrow');
    const writer = await ArrowLogWriter.open(path, { batchRows: 1_000 });
    for (const r of records) await writer.write(r);
    await writer.close();
    expect(await detectLogFormat(path)).toBe('arrow');
    const items = await collect(readLog(path));
    expect(items.filter((x) => x.kind === 'bad')).toEqual([]);
    expect(items.map((x) => (x.kind === 'record' ? plain(x.record) : x))).toEqual(plain(records));
    expect(items.map((x) => x.position)).toEqual(records.map((_, i) => ({ kind: 'arrow', path, row: i + 1 })));
  });

  it('is read by pyarrow and pandas with typed columns', async () => {
    const path = join(dir, 'pandas.arrow');
    const writer = await openLogWriter(path);
    for (const r of records) await writer.write(r);
    await writer.close();
    const out = JSON.parse(await runPython([join(import.meta.dirname, 'read_log_arrow.py'), path])) as Record<string, unknown>;
    const won = records.filter((r) => r.market.won);
    expect(out['rows']).toBe(records.length);
    expect(out['types']).toMatchObject({
      schema_version: 'int32', opportunity_id: 'double', time: 'double', request: 'string', bid: 'bool', price_cpm: 'double',
      nbr: 'int32', propensity: 'double', won: 'bool', paid_cpm: 'double', click_time: 'double', postbacks: 'string',
    });
    expect(out['won']).toBe(won.length);
    expect(out['spend_cpm']).toBeCloseTo(won.reduce((s, r) => s + r.market.paidCpm!, 0), 6);
    expect(out['null_prices']).toBe(records.filter((r) => !r.decision.bid).length);
    expect(out['first_ifa']).toBe(records[0]!.request.device!.ifa);
    expect(out['purchases']).toBe(records.reduce((s, r) => s + r.outcomes.postbacks.filter((p) => p.kind === 'purchase').length, 0));
    const withPropensity = records.filter((r) => r.decision.propensity !== null);
    expect(out['propensity_mean']).toBeCloseTo(withPropensity.reduce((s, r) => s + r.decision.propensity!, 0) / withPropensity.length, 9);
  });

  it('reports rows that break the schema as bad records with row, column and reason', async () => {
    const path = join(dir, 'bad.arrow');
    const good = (await import('../../../src/io/log/index.js')).arrowLogRow;
    const { ARROW_LOG_COLUMNS } = await import('../../../src/io/log/index.js');
    const table = await ArrowTableWriter.open(path, ARROW_LOG_COLUMNS);
    const rows = records.slice(0, 4).map(good);
    rows[1]![3] = '{"id": "x", "imp": ['; // request column: broken JSON
    rows[2]![13] = true; // won, but no bid (record 2 is a lost bid: price set, paid null)
    rows[3]![0] = 2; // schema version
    for (const row of rows) table.append(row);
    await table.close();
    const items = await collect(readArrowLog(path));
    expect(items.map((x) => x.kind)).toEqual(['record', 'bad', 'bad', 'bad']);
    expect(items[1]).toMatchObject({ position: { kind: 'arrow', path, row: 2 }, code: 'LOG_JSON', field: 'request' });
    expect(items[2]).toMatchObject({ position: { row: 3 }, code: 'LOG_FIELD', field: 'market.paidCpm (column paid_cpm)' });
    expect(items[3]).toMatchObject({ position: { row: 4 }, code: 'LOG_SCHEMA_VERSION', field: 'schemaVersion (column schema_version)' });
    expect(JSON.parse((items[3] as { raw: string }).raw)).toMatchObject({ schema_version: 2, opportunity_id: 3 });
  });

  it('refuses an Arrow file that is not a log, naming the missing columns', async () => {
    const path = join(dir, 'features.arrow');
    const table = await ArrowTableWriter.open(path, [{ name: 'x', type: 'float64' }]);
    table.append([1]);
    await table.close();
    await expect(collect(readLog(path))).rejects.toMatchObject({ code: 'LOG_ARROW_COLUMNS', where: path });
  });

  it('leaves no file when aborted', async () => {
    const path = join(dir, 'aborted.arrow');
    const writer = await ArrowLogWriter.open(path, { batchRows: 100 });
    for (const r of records.slice(0, 250)) await writer.write(r);
    await writer.abort();
    await expect(stat(path)).rejects.toThrow();
    await expect(stat(`${path}.partial`)).rejects.toThrow();
  });
});
