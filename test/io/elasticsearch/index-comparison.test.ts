import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElasticsearchError, readComparisonResults } from '../../../src/io/elasticsearch/index.js';
import { ensureBuilt, runCli } from '../../helpers/cli.js';
import { ensureElasticsearch, esRequest, removePrefix } from '../../helpers/elasticsearch.js';

const PREFIX = 'bidlab-t-compare-';
const KINDS = ['runs', 'hourly', 'segments', 'calibration', 'verdicts', 'gate-checks'];

async function counts(url: string): Promise<number[]> {
  return Promise.all(KINDS.map(async (k) => (await esRequest<{ count: number }>(url, 'GET', `/${PREFIX}${k}/_count`)).count));
}

interface Report {
  createdAt: string;
  policies: unknown[];
  segments: { buckets: { policies: unknown[] }[] }[];
  gate: { checks: unknown[] };
  timeline: { times: unknown[]; policies: unknown[] };
}

describe('indexing a comparison (report.json) into a real Elasticsearch', () => {
  let url: string;
  let dir: string;
  let report: Report;
  beforeAll(async () => {
    [url] = await Promise.all([ensureElasticsearch(), ensureBuilt()]);
    await removePrefix(url, PREFIX);
    dir = await mkdtemp(join(tmpdir(), 'bidlab-es-compare-'));
    const r = await runCli(['compare', 'scenarios/quickstart.yaml', '--challenger', 'fixtures/models/challenger/model.txt', '--out', dir, '--json',
      '--max-opportunities', '60000', '--gate', 'roi-diff>=0@95']);
    expect([0, 3], r.stderr).toContain(r.code);
    report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  });
  afterAll(async () => {
    await removePrefix(url, PREFIX);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one document per policy, hour, segment, calibration bin, verdict and gate rule; again, without duplicates', async () => {
    const first = await runCli(['index', dir, '--es', url, '--es-prefix', PREFIX]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^indexed comparison quickstart-compare-seed42-[0-9a-f]{16} into http/);
    const before = await counts(url);
    const P = report.policies.length;
    const segments = report.segments.reduce((n, s) => n + s.buckets.reduce((m, b) => m + b.policies.length, 0), 0);
    expect(before[0]).toBe(P);
    expect(before[1]).toBe(report.timeline.times.length * report.timeline.policies.length);
    expect(before[2]).toBe(segments);
    expect(before[3]).toBeGreaterThan(0);
    expect(before[4]).toBe(1);
    expect(before[5]).toBe(report.gate.checks.length);

    // The same comparison written again at another time is the same comparison: same ids.
    await writeFile(join(dir, 'report.json'), `${JSON.stringify({ ...report, createdAt: '2030-01-01T00:00:00.000Z' }, null, 2)}\n`);
    const again = await runCli(['index', dir, '--es', url, '--es-prefix', PREFIX]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split(' ')[2]).toBe(first.stdout.split(' ')[2]);
    expect(await counts(url)).toEqual(before);
    const hits = await esRequest<{ hits: { hits: { _version: number; _source: { created_at: number } }[] } }>(url, 'POST', `/${PREFIX}verdicts/_search`, { version: true });
    expect(hits.hits.hits.map((h) => h._version)).toEqual([2]);
    expect(hits.hits.hits[0]!._source.created_at).toBe(Date.parse('2030-01-01T00:00:00.000Z'));
  });

  it('refuses a report.json that is not what bidlab compare writes, naming the field', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'bidlab-es-bad-report-'));
    try {
      await writeFile(join(bad, 'report.json'), JSON.stringify({ ...report, gate: { verdict: 'MAYBE', checks: [], reasons: [] } }));
      const e = await readComparisonResults(bad).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(ElasticsearchError);
      expect((e as ElasticsearchError).code).toBe('ES_BAD_REPORT');
      expect((e as ElasticsearchError).where).toBe(`${join(bad, 'report.json')}: gate.verdict`);
      const r = await runCli(['index', bad, '--es', url, '--es-prefix', PREFIX]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('gate.verdict');
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
