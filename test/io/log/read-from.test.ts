import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrowLogWriter, NdjsonLogWriter, readLog } from '../../../src/io/log/index.js';
import { makeLogRecord } from './log-fixtures.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'bidlab-read-from-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const records = Array.from({ length: 2_500 }, (_, i) => makeLogRecord(i));

/** Every encoding, written through its writer: the same suite runs against each. */
const WRITERS = {
  'log.ndjson': (path: string) => NdjsonLogWriter.open(path),
  'log.ndjson.gz': (path: string) => NdjsonLogWriter.open(path),
  'log.arrow': (path: string) => ArrowLogWriter.open(path, { batchRows: 700 }),
} as const;

describe.each(Object.entries(WRITERS))('reading %s from a position', (name, open) => {
  it('starts at that line or row, with the same positions as a full read', async () => {
    const path = join(dir, name);
    const writer = await open(path);
    for (const r of records) await writer.write(r);
    await writer.close();
    const full = [];
    for await (const item of readLog(path)) full.push(item);
    for (const from of [1, 2, 700, 701, 1_234, 2_500, 2_501]) {
      const tail = [];
      for await (const item of readLog(path, { from })) tail.push(item);
      expect(tail.map((x) => x.position)).toEqual(full.slice(from - 1).map((x) => x.position));
      expect(tail.map((x) => (x.kind === 'record' ? x.record.opportunityId : -1))).toEqual(records.slice(from - 1).map((r) => r.opportunityId));
    }
  });
});

describe('reading NDJSON from a line', () => {
  it('does not decode the lines before it, however broken', async () => {
    const path = join(dir, 'broken-head.ndjson');
    await writeFile(path, `not json\n${'z'.repeat(10_000)}\n${JSON.stringify(records[0])}\n`);
    const items = [];
    for await (const item of readLog(path, { from: 3, maxLineBytes: 4_096 })) items.push(item);
    expect(items.map((x) => [x.kind, x.position])).toEqual([['record', { kind: 'ndjson', path, line: 3 }]]);
  });

  it('refuses a position that is not a positive integer', async () => {
    await expect((async () => { for await (const _ of readLog(join(dir, 'log.ndjson'), { from: 0 })) break; })()).rejects.toMatchObject({ code: 'LOG_OPTIONS' });
  });
});
