import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogItem } from '../../../src/domain/index.js';
import { LogIoError, NdjsonLogWriter, openLogWriter, readLog, readNdjsonLog } from '../../../src/io/log/index.js';
import { makeLogRecord, plain } from './log-fixtures.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'bidlab-ndjson-log-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function collect(items: AsyncIterable<LogItem>): Promise<LogItem[]> {
  const out: LogItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const records = Array.from({ length: 2_500 }, (_, i) => makeLogRecord(i));

describe('NDJSON logs', () => {
  for (const name of ['log.ndjson', 'log.ndjson.gz']) {
    it(`round-trips every record with its line number (${name})`, async () => {
      const path = join(dir, name);
      const writer = await openLogWriter(path);
      for (const r of records) await writer.write(r);
      await writer.close();
      const items = await collect(readLog(path));
      expect(items.map((x) => x.kind)).toEqual(records.map(() => 'record'));
      expect(items.map((x) => (x.kind === 'record' ? plain(x.record) : x))).toEqual(plain(records));
      expect(items.map((x) => x.position)).toEqual(records.map((_, i) => ({ kind: 'ndjson', path, line: i + 1 })));
      const bytes = await readFile(path);
      expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(name.endsWith('.gz'));
    });
  }

  it('tells gzip by its magic bytes, not by the name', async () => {
    const path = join(dir, 'hidden-gzip.ndjson');
    const writer = await NdjsonLogWriter.open(path, { gzip: true });
    for (const r of records.slice(0, 50)) await writer.write(r);
    await writer.close();
    expect(gunzipSync(await readFile(path)).toString('utf8').split('\n').length).toBe(51);
    const items = await collect(readNdjsonLog(path));
    expect(items.filter((x) => x.kind === 'record')).toHaveLength(50);
  });

  it('writes the same bytes for the same records, whatever order their fields were built in', async () => {
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    const wa = await NdjsonLogWriter.open(a);
    const wb = await NdjsonLogWriter.open(b);
    for (const r of records.slice(0, 20)) {
      await wa.write(r);
      const shuffled = { outcomes: r.outcomes, market: { paidCpm: r.market.paidCpm, won: r.market.won, minToWinCpm: r.market.minToWinCpm, clearingCpm: r.market.clearingCpm, floorCpm: r.market.floorCpm }, decision: r.decision, request: r.request, time: r.time, opportunityId: r.opportunityId, schemaVersion: r.schemaVersion };
      await wb.write(shuffled);
    }
    await wa.close();
    await wb.close();
    expect(await readFile(b, 'utf8')).toBe(await readFile(a, 'utf8'));
  });

  it('keeps lines split across read chunks, CRLF line ends and a last line without a line end', async () => {
    const big = makeLogRecord(7, { pad: 700_000 });
    const text = `${JSON.stringify(records[0])}\r\n${JSON.stringify(big)}\r\n\n${JSON.stringify(records[1])}`;
    const path = join(dir, 'chunks.ndjson');
    await writeFile(path, text);
    const items = await collect(readNdjsonLog(path));
    expect(items.map((x) => [x.kind, x.position])).toEqual([
      ['record', { kind: 'ndjson', path, line: 1 }],
      ['record', { kind: 'ndjson', path, line: 2 }],
      ['record', { kind: 'ndjson', path, line: 4 }],
    ]);
    expect(plain((items[1] as { record: unknown }).record)).toEqual(plain(big));
  });

  it('leaves no file behind when a recording is aborted, and none under the name before close', async () => {
    const path = join(dir, 'aborted.ndjson.gz');
    const writer = await openLogWriter(path);
    for (const r of records) await writer.write(r);
    await expect(stat(path)).rejects.toThrow();
    await writer.abort();
    await expect(stat(path)).rejects.toThrow();
    await expect(stat(`${path}.partial`)).rejects.toThrow();
  });

  it('throws a typed error naming the line on truncated gzip data', async () => {
    const good = gzipSync(records.slice(0, 3).map((r) => `${JSON.stringify(r)}\n`).join(''));
    const path = join(dir, 'truncated.ndjson.gz');
    await writeFile(path, good.subarray(0, good.length - 12));
    const seen: LogItem[] = [];
    const error = await (async () => {
      try {
        for await (const item of readNdjsonLog(path)) seen.push(item);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LogIoError);
    expect(seen.every((x) => x.kind === 'record')).toBe(true);
    expect((error as LogIoError).code).toBe('LOG_GZIP');
    expect((error as LogIoError).where).toMatch(/truncated\.ndjson\.gz:\d+$/);
  });

  it('refuses a missing file with a typed error', async () => {
    const missing = join(dir, 'nope.ndjson');
    await expect(collect(readLog(missing))).rejects.toMatchObject({ code: 'LOG_NOT_FOUND', where: missing });
  });
});
