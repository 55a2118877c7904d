import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { ensureElasticsearch, esRequest, removePrefix } from '../../helpers/elasticsearch.js';
import { type QuickstartRun, quickstartRun } from './quickstart-run.js';
import { startTcpProxy } from './tcp-proxy.js';

const PREFIX = 'bidlab-t-outage-';

async function count(url: string, index: string): Promise<number> {
  await esRequest(url, 'POST', `/${index}/_refresh`);
  return (await esRequest<{ count: number }>(url, 'GET', `/${index}/_count`)).count;
}

describe('Elasticsearch going away', () => {
  let url: string;
  let run: QuickstartRun;
  beforeAll(async () => {
    [url, run] = await Promise.all([ensureElasticsearch(), quickstartRun()]);
    await removePrefix(url, PREFIX);
  });
  afterAll(async () => {
    await removePrefix(url, PREFIX);
    await rm(run.dir, { recursive: true, force: true });
  });

  it('a cluster that does not answer at all gives a clear error, and no credential is shown', async () => {
    const r = await runCli(['index', run.dir, '--es', 'http://alice:hunter2@127.0.0.1:9', '--es-prefix', PREFIX],
      { env: { ...process.env, BIDLAB_ES_API_KEY: 'c2VjcmV0LWtleQ==' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bidlab: error ES_UNAVAILABLE: http:\/\/\*\*\*@127\.0\.0\.1:9: cannot reach Elasticsearch/);
    for (const secret of ['hunter2', 'alice', 'c2VjcmV0LWtleQ==']) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('mid-indexing: the command fails saying how to finish, and running it again completes without duplicates', async () => {
    // Past the templates and a few bulk bodies, well before the last of ~60 MB of events.
    const proxy = await startTcpProxy(new URL(url), 12_000_000);
    const first = await runCli(['index', run.dir, '--es', proxy.url, '--es-prefix', PREFIX]);
    await proxy.cutDone;
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('ES_UNAVAILABLE');
    expect(first.stderr).toContain(`run 'bidlab index ${run.dir}' again`);
    expect(first.stderr).not.toMatch(/\n\s+at /);

    // bidlab run writes one event per policy for every opportunity from a user on the retargeting lists.
    const total = run.summary.policies.length * run.summary.matchedOpportunities;
    const partial = await count(url, `${PREFIX}events`);
    expect(partial).toBeLessThan(total);
    // Run documents go last: a run listed there has all its events in place.
    expect(await count(url, `${PREFIX}runs`).catch(() => 0)).toBe(0);

    const second = await runCli(['index', run.dir, '--es', url, '--es-prefix', PREFIX]);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(await count(url, `${PREFIX}events`)).toBe(total);
    expect(await count(url, `${PREFIX}runs`)).toBe(run.summary.policies.length);
    const spend = await esRequest<{ aggregations: { p: { buckets: { key: string; s: { value: number } }[] } } }>(url, 'POST', `/${PREFIX}events/_search`, {
      size: 0, aggs: { p: { terms: { field: 'policy' }, aggs: { s: { sum: { field: 'spend' } } } } },
    });
    for (const b of spend.aggregations.p.buckets) expect(b.s.value).toBeCloseTo(run.summary.policies.find((p) => p.name === b.key)!.spend, 9);
  });
});
