import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { ensureElasticsearch, esRequest, removePrefix } from '../../helpers/elasticsearch.js';
import { type QuickstartRun, quickstartRun } from './quickstart-run.js';

const PREFIX = 'bidlab-t-index-';
const SAMPLED = 'bidlab-t-sampled-';

interface Buckets<B> { aggregations: { policies: { buckets: (B & { key: string; doc_count: number })[] } } }
interface Figures { spend: { value: number }; wins: { doc_count: number }; bids: { doc_count: number } }

/** Per policy: summed spend, wins and bids as Elasticsearch computes them. */
async function perPolicy(url: string, index: string): Promise<Map<string, { spend: number; wins: number; bids: number; docs: number }>> {
  const r = await esRequest<Buckets<Figures>>(url, 'POST', `/${index}/_search`, {
    size: 0,
    aggs: {
      policies: {
        terms: { field: 'policy', size: 100 },
        aggs: { spend: { sum: { field: 'spend' } }, wins: { filter: { term: { won: true } } }, bids: { filter: { term: { bid: true } } } },
      },
    },
  });
  return new Map(r.aggregations.policies.buckets.map((b) => [b.key, { spend: b.spend.value, wins: b.wins.doc_count, bids: b.bids.doc_count, docs: b.doc_count }]));
}

async function count(url: string, index: string): Promise<number> {
  return (await esRequest<{ count: number }>(url, 'GET', `/${index}/_count`)).count;
}

describe('bidlab index into a real Elasticsearch', () => {
  let url: string;
  let run: QuickstartRun;
  beforeAll(async () => {
    [url, run] = await Promise.all([ensureElasticsearch(), quickstartRun()]);
    await removePrefix(url, PREFIX);
    await removePrefix(url, SAMPLED);
  });
  afterAll(async () => {
    await removePrefix(url, PREFIX);
    await removePrefix(url, SAMPLED);
    await rm(run.dir, { recursive: true, force: true });
  });

  it("indexes every event; Elasticsearch's sums per policy equal the summary's", async () => {
    const r = await runCli(['index', run.dir, '--es', url, '--es-prefix', PREFIX]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(run.dir, 'es-dead-letter.ndjson'))).toBe(false);

    const events = await perPolicy(url, `${PREFIX}events`);
    const hourly = await esRequest<Buckets<{ spend: { value: number }; wins: { value: number }; bids: { value: number } }>>(url, 'POST', `/${PREFIX}hourly/_search`, {
      size: 0,
      aggs: { policies: { terms: { field: 'policy', size: 100 }, aggs: { spend: { sum: { field: 'spend' } }, wins: { sum: { field: 'wins' } }, bids: { sum: { field: 'bids' } } } } },
    });
    const hours = new Map(hourly.aggregations.policies.buckets.map((b) => [b.key, b]));
    const runs = await esRequest<{ hits: { hits: { _id: string; _source: { policy: string; spend: number; wins: number; is_baseline: boolean } }[] } }>(
      url, 'POST', `/${PREFIX}runs/_search`, { size: 100 });
    const runDocs = new Map(runs.hits.hits.map((h) => [h._source.policy, h._source]));

    expect([...events.keys()].sort()).toEqual(run.summary.policies.map((p) => p.name).sort());
    for (const p of run.summary.policies) {
      const e = events.get(p.name)!;
      expect(e.wins).toBe(p.wins);
      expect(e.bids).toBe(p.bids);
      expect(e.spend).toBeCloseTo(p.spend, 9);
      const h = hours.get(p.name)!;
      expect(h.wins.value).toBe(p.wins);
      expect(h.bids.value).toBe(p.bids);
      expect(h.spend.value).toBeCloseTo(p.spend, 9);
      expect(runDocs.get(p.name)!.spend).toBe(p.spend);
      expect(runDocs.get(p.name)!.wins).toBe(p.wins);
    }
    expect(runDocs.get('bid-everything')!.is_baseline).toBe(true);
    // Every event carries its request's country (quickstart's five), mapped as a keyword.
    const countries = await esRequest<{ aggregations: { c: { buckets: { key: string; doc_count: number }[] } } }>(url, 'POST', `/${PREFIX}events/_search`, {
      size: 0, aggs: { c: { terms: { field: 'country', size: 20 } } },
    });
    expect(countries.aggregations.c.buckets.map((b) => b.key).sort()).toEqual(['BRA', 'DEU', 'GBR', 'IND', 'USA']);
    expect(countries.aggregations.c.buckets.reduce((n, b) => n + b.doc_count, 0)).toBe(await count(url, `${PREFIX}events`));
    const mapping = await esRequest<Record<string, { mappings: { properties: Record<string, { type: string }> } }>>(url, 'GET', `/${PREFIX}events/_mapping`);
    expect(mapping[`${PREFIX}events`]!.mappings.properties['location']!.type).toBe('geo_point');
    // Refresh was off while the events streamed in, and is back to the default.
    const settings = await esRequest<Record<string, { settings: Record<string, unknown> }>>(url, 'GET', `/${PREFIX}events/_settings?flat_settings=true`);
    expect(settings[`${PREFIX}events`]!.settings['index.refresh_interval']).toBeUndefined();
  });

  it('indexes exactly once: indexing the same results again leaves the same documents, each written twice', async () => {
    const before = await Promise.all(['events', 'hourly', 'runs'].map((k) => count(url, `${PREFIX}${k}`)));
    // A refresh interval someone chose for the index is put back after the pass.
    await esRequest(url, 'PUT', `/${PREFIX}events/_settings`, { index: { refresh_interval: '5s' } });
    const r = await runCli(['index', run.dir, '--es', url, '--es-prefix', PREFIX]);
    expect(r.code).toBe(0);
    const settings = await esRequest<Record<string, { settings: Record<string, unknown> }>>(url, 'GET', `/${PREFIX}events/_settings?flat_settings=true`);
    expect(settings[`${PREFIX}events`]!.settings['index.refresh_interval']).toBe('5s');
    const after = await Promise.all(['events', 'hourly', 'runs'].map((k) => count(url, `${PREFIX}${k}`)));
    expect(after).toEqual(before);
    expect(before[0]).toBeGreaterThan(0);
    // The second pass really wrote: the documents went from version 1 to 2.
    const hits = await esRequest<{ hits: { hits: { _version: number }[] } }>(url, 'POST', `/${PREFIX}events,${PREFIX}runs/_search`, { size: 50, version: true });
    expect(hits.hits.hits.length).toBe(50);
    for (const h of hits.hits.hits) expect(h._version).toBe(2);
  });

  it('indexes a sampled share of opportunities, the same ones for every policy, with hourly totals from all events', async () => {
    const r = await runCli(['index', run.dir, '--es', url, '--es-prefix', SAMPLED, '--es-sample', '0.25']);
    expect(r.code).toBe(0);
    const events = await perPolicy(url, `${SAMPLED}events`);
    const all = run.summary.policies.length;
    const counts = [...events.values()].map((e) => e.docs);
    expect(new Set(counts).size).toBe(1);
    const full = (await count(url, `${PREFIX}events`)) / all;
    expect(counts[0]! / full).toBeGreaterThan(0.22);
    expect(counts[0]! / full).toBeLessThan(0.28);
    const ids = await esRequest<{ aggregations: { ids: { buckets: { doc_count: number }[] } } }>(url, 'POST', `/${SAMPLED}events/_search`, {
      size: 0, aggs: { ids: { terms: { field: 'opportunity_id', size: 20_000, order: { _count: 'asc' } } } },
    });
    expect(ids.aggregations.ids.buckets.length).toBe(counts[0]);
    expect(ids.aggregations.ids.buckets[0]!.doc_count).toBe(all);
    const hourly = await esRequest<Buckets<{ spend: { value: number } }>>(url, 'POST', `/${SAMPLED}hourly/_search`, {
      size: 0, aggs: { policies: { terms: { field: 'policy' }, aggs: { spend: { sum: { field: 'spend' } } } } },
    });
    for (const b of hourly.aggregations.policies.buckets) {
      expect(b.spend.value).toBeCloseTo(run.summary.policies.find((p) => p.name === b.key)!.spend, 9);
    }
  });
});
