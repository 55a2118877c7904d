import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArrowTableWriter } from '../../../src/io/arrow/index.js';
import { ElasticsearchError, eventDocuments, HourlyBuckets, readRunResults } from '../../../src/io/elasticsearch/index.js';

const SUMMARY = { scenario: 's', seed: 3, policies: [{ name: 'a', kind: 'model' }] };

async function caught(p: Promise<unknown>): Promise<ElasticsearchError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ElasticsearchError);
  return e as ElasticsearchError;
}

describe('reading a results folder for indexing', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'bidlab-es-results-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('derives the run id from scenario, seed and the summary bytes', async () => {
    await writeFile(join(dir, 'summary.json'), JSON.stringify(SUMMARY));
    const a = await readRunResults(dir);
    expect(a.runId).toMatch(/^s-seed3-[0-9a-f]{16}$/);
    expect((await readRunResults(dir)).runId).toBe(a.runId);
    await writeFile(join(dir, 'summary.json'), JSON.stringify({ ...SUMMARY, opportunities: 1 }));
    expect((await readRunResults(dir)).runId).not.toBe(a.runId);
    expect(a.eventsPath).toBeUndefined();
  });

  it('refuses a folder without results, a summary that is not JSON, and one without what ids are made of', async () => {
    expect((await caught(readRunResults(dir))).code).toBe('ES_NO_RESULTS');
    await writeFile(join(dir, 'summary.json'), '{"scenario": ');
    expect((await caught(readRunResults(dir))).code).toBe('ES_BAD_SUMMARY');
    await writeFile(join(dir, 'summary.json'), JSON.stringify({ ...SUMMARY, policies: [{ kind: 'model' }] }));
    const e = await caught(readRunResults(dir));
    expect(e.code).toBe('ES_BAD_SUMMARY');
    expect(e.where).toBe(`${join(dir, 'summary.json')}: policies[0].name`);
  });

  it('refuses an events file without the columns bidlab run writes, naming them', async () => {
    const path = join(dir, 'events.arrow');
    const w = await ArrowTableWriter.open(path, [{ name: 'opportunity_id', type: 'int32' }, { name: 'time', type: 'float64' }]);
    w.append([1, 2]);
    await w.close();
    const ctx = { index: 'x', runId: 'r', scenario: 's', seed: 1, simStartMs: 0, indexedAtMs: 0, sampleShare: 1 };
    const e = await caught((async () => { for await (const _ of eventDocuments(path, ctx, new HourlyBuckets())) { /* drain */ } })());
    expect(e.code).toBe('ES_BAD_EVENTS');
    expect(e.message).toContain('missing column(s) policy, campaign');
    expect(e.where).toBe(path);
  });
});
