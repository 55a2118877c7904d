import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLogWriter } from '../../../src/io/log/index.js';
import { run } from '../../helpers/cli.js';
import { makeLogRecord } from './log-fixtures.js';

/**
 * Records of about 4 KB each: the file is over three times the heap the reading process is allowed
 * (a third of that heap is the modules themselves), so a reader that held it would die.
 */
const RECORDS = 80_000;
const PAD = 3_500;
const HEAP_MIB = 96;

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'bidlab-log-memory-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function writeLog(path: string): Promise<number> {
  const writer = await openLogWriter(path);
  for (let i = 0; i < RECORDS; i++) await writer.write(makeLogRecord(i, { pad: PAD }));
  await writer.close();
  return (await stat(path)).size;
}

describe('reading a large log', () => {
  for (const name of ['large.ndjson', 'large.arrow']) {
    it(`streams ${name} in bounded memory`, async () => {
      const path = join(dir, name);
      const bytes = await writeLog(path);
      expect(bytes).toBeGreaterThan(3 * HEAP_MIB * 1024 * 1024);
      const r = await run(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--import', 'tsx', join(import.meta.dirname, 'count-log.ts'), path]);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { records: number; bad: number; ordered: boolean };
      expect(out).toMatchObject({ records: RECORDS, bad: 0, ordered: true });
    });
  }
});
