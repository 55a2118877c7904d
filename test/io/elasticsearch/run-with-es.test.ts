import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../../helpers/cli.js';
import { ensureElasticsearch, esRequest, removePrefix } from '../../helpers/elasticsearch.js';

const PREFIX = 'bidlab-t-run-es-';

describe('bidlab run --es', () => {
  let url: string;
  let dir: string;
  beforeAll(async () => {
    [url] = await Promise.all([ensureElasticsearch(), ensureBuilt()]);
    await removePrefix(url, PREFIX);
    dir = await mkdtemp(join(tmpdir(), 'bidlab-run-es-'));
  });
  afterAll(async () => {
    await removePrefix(url, PREFIX);
    await rm(dir, { recursive: true, force: true });
  });

  it('indexes the finished run: one run document per policy, spend as in summary.json, JSON output untouched', async () => {
    const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', dir, '--json', '--max-opportunities', '30000', '--es', url, '--es-prefix', PREFIX]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toEqual(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')));
    expect(r.stderr).toMatch(/^indexed run quickstart-seed42-/m);
    const runs = await esRequest<{ hits: { hits: { _source: { policy: string; spend: number } }[] } }>(url, 'POST', `/${PREFIX}runs/_search`, { size: 100 });
    const spend = new Map(runs.hits.hits.map((h) => [h._source.policy, h._source.spend]));
    for (const p of summary.policies) expect(spend.get(p.name)).toBeCloseTo(p.spend, 9);
    expect(spend.size).toBe(summary.policies.length);
  });

  it('bidlab compare --es with Elasticsearch away: the reports are written, the command exits 2 saying how to finish', async () => {
    const out = join(dir, 'compare');
    const r = await runCli(['compare', 'scenarios/quickstart.yaml', '--challenger', 'fixtures/models/challenger/model.txt', '--out', out, '--json',
      '--max-opportunities', '20000', '--es', 'http://127.0.0.1:9', '--es-prefix', PREFIX]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ES_UNAVAILABLE');
    expect(r.stderr).toContain(`bidlab index ${out}`);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')));
  });

  it('refuses --es without the events file, before running', async () => {
    const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', join(dir, 'none'), '--no-events', '--es', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--es');
  });
});
