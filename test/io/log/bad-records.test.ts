import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogRecordError, type BadLogRecord, type LogItem } from '../../../src/domain/index.js';
import { DeadLetterWriter, readLog, readNdjsonLog } from '../../../src/io/log/index.js';
import { makeLogRecord } from './log-fixtures.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'bidlab-bad-records-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function collect(items: AsyncIterable<LogItem>): Promise<LogItem[]> {
  const out: LogItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const good = (i: number) => JSON.stringify(makeLogRecord(i));
const edit = (i: number, change: (r: Record<string, any>) => void) => {
  const r = JSON.parse(good(i)) as Record<string, any>;
  change(r);
  return JSON.stringify(r);
};

/** Each bad line with the code and field the reader must report for it (record 3 is a win, 0 a no-bid). */
const CASES: ReadonlyArray<[line: string, code: string, field: string | undefined, reason: RegExp]> = [
  ['{"schemaVersion": 1, "opportunityId": ', 'LOG_JSON', undefined, /not valid JSON/],
  ['[1, 2, 3]', 'LOG_FIELD', undefined, /expected a JSON object/],
  [edit(3, (r) => { r.schemaVersion = 2; }), 'LOG_SCHEMA_VERSION', 'schemaVersion', /unknown schema version 2/],
  [edit(3, (r) => { delete r.schemaVersion; }), 'LOG_FIELD', 'schemaVersion', /missing/],
  [edit(3, (r) => { r.time = '2026-01-01'; }), 'LOG_FIELD', 'time', /expected number, got the string "2026-01-01"/],
  [edit(3, (r) => { delete r.market; }), 'LOG_FIELD', 'market', /missing/],
  [edit(3, (r) => { r.request.imp[0].id = 7; }), 'LOG_FIELD', 'request.imp[0].id', /expected string/],
  [edit(3, (r) => { r.request.imp = []; }), 'LOG_FIELD', 'request.imp', /.+/],
  [edit(3, (r) => { r.market.wonn = true; }), 'LOG_FIELD', 'market.wonn', /unknown field 'wonn'/],
  [edit(3, (r) => { r.decision.propensity = 0; }), 'LOG_FIELD', 'decision.propensity', /.+/],
  [edit(3, (r) => { r.market.paidCpm = 1000; }), 'LOG_FIELD', 'market.paidCpm', /above the bid/],
  [edit(0, (r) => { r.market.won = true; r.market.paidCpm = 0.1; }), 'LOG_FIELD', 'market.won', /decision.bid is false/],
  [edit(0, (r) => { r.decision.priceCpm = 1; }), 'LOG_FIELD', 'decision.priceCpm', /must be null/],
  [edit(2, (r) => { r.outcomes.clickTime = r.time + 1; }), 'LOG_FIELD', 'outcomes.clickTime', /only on won impressions/],
  [edit(4, (r) => { r.outcomes.postbacks[1].receivedAt = 0; }), 'LOG_FIELD', 'outcomes.postbacks[1].receivedAt', /before the conversion/],
  [edit(4, (r) => { r.outcomes.postbacks[0].currency = 'usd'; }), 'LOG_FIELD', 'outcomes.postbacks[0].currency', /ISO-4217/],
  ['{"__proto__": {"polluted": true}, "schemaVersion": 1}', 'LOG_JSON', undefined, /forbidden key/],
];

describe('bad records', () => {
  it('come out as typed items with line, code, field and reason, between the good records', async () => {
    const lines: string[] = [];
    const expected: Array<{ line: number; code: string; field: string | undefined; reason: RegExp }> = [];
    CASES.forEach(([text, code, field, reason], k) => {
      lines.push(good(100 + k));
      lines.push(text);
      expected.push({ line: lines.length, code, field, reason });
    });
    lines.push(good(999));
    const path = join(dir, 'mixed.ndjson.gz');
    await writeFile(path, gzipSync(`${lines.join('\n')}\n`));
    const items = await collect(readLog(path));
    expect(items).toHaveLength(lines.length);
    const bad = items.filter((x): x is BadLogRecord => x.kind === 'bad');
    expect(bad.map((b) => ({ line: (b.position as { line: number }).line, code: b.code, field: b.field }))).toEqual(
      expected.map(({ line, code, field }) => ({ line, code, field })),
    );
    bad.forEach((b, k) => {
      expect(b.reason).toMatch(expected[k]!.reason);
      expect(b.raw).toBe(lines[expected[k]!.line - 1]);
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const records = items.filter((x) => x.kind === 'record');
    expect(records.map((x) => (x.kind === 'record' ? x.record.opportunityId : -1))).toEqual([...CASES.map((_, k) => 100 + k), 999]);
  });

  it('reports invalid UTF-8 and over-long lines on their own lines and reads on', async () => {
    const path = join(dir, 'encoding.ndjson');
    const broken = Buffer.from(good(1));
    broken[40] = 0xff;
    const long = `{"pad": "${'y'.repeat(5_000)}"}`;
    await writeFile(path, Buffer.concat([Buffer.from(`${good(0)}\n`), broken, Buffer.from(`\n${long}\n${good(2)}\n`)]));
    const items = await collect(readNdjsonLog(path, { maxLineBytes: 4_096 }));
    expect(items.map((x) => (x.kind === 'bad' ? [x.code, (x.position as { line: number }).line] : ['record', (x.position as { line: number }).line]))).toEqual([
      ['record', 1], ['LOG_ENCODING', 2], ['LOG_TOO_LONG', 3], ['record', 4],
    ]);
  });

  it('become errors that name the position and the field', () => {
    const error = new LogRecordError({
      kind: 'bad', position: { kind: 'kafka', topic: 'auctions', partition: 3, offset: '1234' }, code: 'LOG_FIELD',
      field: 'market.paidCpm', reason: 'missing: market.won is true', raw: '{}',
    });
    expect(error.code).toBe('LOG_FIELD');
    expect(error.message).toBe('kafka:auctions/3@1234 market.paidCpm: missing: market.won is true');
  });
});

describe('the dead-letter file', () => {
  it('holds one line per bad record with position, reason and raw text, and is written only when needed', async () => {
    const source = join(dir, 'dl-source.ndjson');
    await writeFile(source, `${good(0)}\nnot json\n${good(1)}\n${edit(3, (r) => { r.schemaVersion = 9; })}\n`);
    const path = join(dir, 'dead.ndjson');
    const clean = await DeadLetterWriter.open(join(dir, 'clean.ndjson'));
    await clean.close();
    await expect(stat(join(dir, 'clean.ndjson'))).rejects.toThrow();

    const letters = await DeadLetterWriter.open(path);
    for await (const item of readLog(source)) if (item.kind === 'bad') letters.write(item);
    await letters.flush();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ where: `${source}:2`, position: { kind: 'ndjson', path: source, line: 2 }, code: 'LOG_JSON', field: null, raw: 'not json' }),
      expect.objectContaining({ where: `${source}:4`, code: 'LOG_SCHEMA_VERSION', field: 'schemaVersion' }),
    ]);
    await letters.close();

    const resumed = await DeadLetterWriter.open(path, { append: true });
    resumed.write({ kind: 'bad', position: { kind: 'ndjson', path: source, line: 9 }, code: 'LOG_JSON', field: undefined, reason: 'x', raw: 'y' });
    await resumed.close();
    expect((await readFile(path, 'utf8')).trimEnd().split('\n')).toHaveLength(3);
    const fresh = await DeadLetterWriter.open(path);
    await fresh.close();
    await expect(stat(path)).rejects.toThrow();
  });
});
