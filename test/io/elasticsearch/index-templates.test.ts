import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsClient, INDEX_KINDS, installIndexTemplates, TEMPLATE_VERSION } from '../../../src/io/elasticsearch/index.js';
import { ensureElasticsearch, esRequest, removePrefix } from '../../helpers/elasticsearch.js';
import { ensureBuilt, runCli } from '../../helpers/cli.js';

const PREFIX = 'bidlab-t-templates-';

interface IndexTemplates { index_templates: { name: string; index_template: { index_patterns: string[]; composed_of: string[]; version: number } }[] }
type Mapping = Record<string, { mappings: { dynamic?: string; properties: Record<string, { type?: string; properties?: Record<string, unknown> }> } }>;

describe('index templates on a real Elasticsearch', () => {
  let url: string;
  beforeAll(async () => {
    url = await ensureElasticsearch();
    await removePrefix(url, PREFIX);
  });
  afterAll(async () => { await removePrefix(url, PREFIX); });

  it('installs one template per kind, composed of the shared component templates, and again without change', async () => {
    const client = createEsClient({ url });
    try {
      const first = await installIndexTemplates(client, PREFIX);
      const before = await esRequest<IndexTemplates>(url, 'GET', `/_index_template/${PREFIX}*`);
      const second = await installIndexTemplates(client, PREFIX);
      const after = await esRequest<IndexTemplates>(url, 'GET', `/_index_template/${PREFIX}*`);
      expect(second).toEqual(first);
      expect(after).toEqual(before);
      const names = before.index_templates.map((t) => t.name).sort();
      expect(names).toEqual(Object.values(INDEX_KINDS).map((k) => `${PREFIX}${k.name}`).sort());
      for (const t of before.index_templates) {
        expect(t.index_template.index_patterns).toEqual([`${t.name}*`]);
        expect(t.index_template.composed_of).toEqual([`${PREFIX}settings`, `${PREFIX}run-fields`]);
        expect(t.index_template.version).toBe(TEMPLATE_VERSION);
      }
    } finally {
      await client.close();
    }
  });

  it('adds the fields a newer bidlab maps to an index an older one created', async () => {
    const index = `${PREFIX}events`;
    await fetch(`${url}/${index}?expand_wildcards=all`, { method: 'DELETE' });
    await esRequest(url, 'DELETE', `/_index_template/${PREFIX}*`);
    await esRequest(url, 'PUT', `/${index}`, { mappings: { dynamic: 'strict', properties: { run_id: { type: 'keyword' }, spend: { type: 'double' } } } });
    const client = createEsClient({ url });
    try {
      await installIndexTemplates(client, PREFIX);
    } finally {
      await client.close();
    }
    const m = (await esRequest<Mapping>(url, 'GET', `/${index}/_mapping`))[index]!.mappings;
    expect(m.properties['won_count']?.type).toBe('integer');
    expect(m.properties['sim_time']?.type).toBe('date');
    expect(m.properties['spend']?.type).toBe('double');
    await esRequest(url, 'DELETE', `/${index}`);
  });

  it('gives new indices the designed field types and refuses fields it does not know', async () => {
    await ensureBuilt();
    const r = await runCli(['es', 'setup', '--es', url, '--es-prefix', PREFIX]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${PREFIX}events`);
    await esRequest(url, 'PUT', `/${PREFIX}events`);
    await esRequest(url, 'PUT', `/${PREFIX}runs`);
    const events = (await esRequest<Mapping>(url, 'GET', `/${PREFIX}events/_mapping`))[`${PREFIX}events`]!.mappings;
    const type = (f: string) => events.properties[f]?.type;
    expect(events.dynamic).toBe('strict');
    for (const f of ['run_id', 'scenario', 'policy']) expect(type(f)).toBe('keyword');
    for (const f of ['sim_time', 'sim_start', 'indexed_at']) expect(type(f)).toBe('date');
    for (const f of ['spend', 'paid_cpm', 'bid_cpm', 'floor_cpm', 'p_conversion', 'sim_seconds']) expect(type(f)).toBe('double');
    for (const f of ['bid', 'won', 'converts']) expect(type(f)).toBe('boolean');
    expect(type('opportunity_id')).toBe('long');
    const runs = (await esRequest<Mapping>(url, 'GET', `/${PREFIX}runs/_mapping`))[`${PREFIX}runs`]!.mappings;
    expect(runs.properties['kind']?.type).toBe('keyword');
    expect(runs.properties['is_champion']?.type).toBe('boolean');
    expect(runs.properties['run_time']?.type).toBe('date');
    expect(Object.keys(runs.properties['savings']?.properties ?? {})).toContain('avoided_share');

    const res = await fetch(`${url}/${PREFIX}events/_doc/x`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ run_id: 'r', spend: 1, surprise: true }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('strict_dynamic_mapping_exception');
  });
});
