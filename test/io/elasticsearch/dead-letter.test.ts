import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrowTableWriter, type ArrowCell } from '../../../src/io/arrow/index.js';
import { EVENT_FIELDS } from '../../../src/io/elasticsearch/index.js';
import { ensureBuilt, runCli } from '../../helpers/cli.js';
import { ensureElasticsearch, esRequest, removePrefix } from '../../helpers/elasticsearch.js';

const PREFIX = 'bidlab-t-dead-letter-';

/**
 * A results folder as `bidlab run` writes it, except that paid_cpm is text and row 7 says 'free',
 * and the summary gives one policy's spend as 'lots': values Elasticsearch's mappings refuse.
 */
async function corruptedResults(dir: string): Promise<void> {
  const types = { opportunity_id: 'int32', time: 'float64', policy: 'string', campaign: 'int32', floor_cpm: 'float64', p_conversion: 'float64', bid: 'bool',
    bid_cpm: 'float64', nbr: 'int32', won: 'bool', paid_cpm: 'string', highest_competitor_cpm: 'float64', converts: 'bool' } as const;
  const w = await ArrowTableWriter.open(join(dir, 'events.arrow'), EVENT_FIELDS.map((name) => ({ name, type: types[name] })));
  for (let i = 0; i < 10; i++) {
    const row: Record<string, ArrowCell> = {
      opportunity_id: i, time: i * 600, policy: 'model', campaign: 0, floor_cpm: 0.5, p_conversion: 0.01, bid: true, bid_cpm: 2,
      nbr: null, won: true, paid_cpm: i === 7 ? 'free' : '1.5', highest_competitor_cpm: 1.2, converts: false,
    };
    w.append(EVENT_FIELDS.map((f) => row[f]!));
  }
  await w.close();
  const summary = {
    scenario: 'corrupted', seed: 1, opportunities: 10, matchedOpportunities: 10, days: 1, baseline: 'everything', champion: 'model',
    policies: [
      // Fields the runs mapping does not declare (tables for other indices) are left out, not rejected.
      { name: 'model', kind: 'model', bids: 10, wins: 10, spend: 0.015, segments: [{ country: 'USA', spend: 0.015 }] },
      { name: 'everything', kind: 'bid-everything', bids: 10, wins: 10, spend: 'lots' },
    ],
  };
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
}

describe('documents Elasticsearch rejects', () => {
  let url: string;
  let dir: string;
  beforeAll(async () => {
    [url] = await Promise.all([ensureElasticsearch(), ensureBuilt()]);
    await removePrefix(url, PREFIX);
    dir = await mkdtemp(join(tmpdir(), 'bidlab-es-dead-'));
    await corruptedResults(dir);
  });
  afterAll(async () => {
    await removePrefix(url, PREFIX);
    await rm(dir, { recursive: true, force: true });
  });

  it('go to the dead-letter file with the reason, the rest is indexed, and the command fails saying how many', async () => {
    const r = await runCli(['index', dir, '--es', url, '--es-prefix', PREFIX]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('ES_REJECTED');
    expect(r.stderr).toContain('rejected 2 document(s)');
    expect(r.stderr).toContain(join(dir, 'es-dead-letter.ndjson'));

    const letters = (await readFile(join(dir, 'es-dead-letter.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as {
      index: string; id: string; status: number; reason: string; document: Record<string, unknown>;
    });
    expect(letters).toHaveLength(2);
    const event = letters.find((l) => l.index === `${PREFIX}events`)!;
    expect(event.id).toMatch(/^corrupted-seed1-[0-9a-f]{16}\/model\/7$/);
    expect(event.status).toBe(400);
    expect(event.reason).toContain('paid_cpm');
    expect(event.document['paid_cpm']).toBe('free');
    const run = letters.find((l) => l.index === `${PREFIX}runs`)!;
    expect(run.id).toMatch(/\/everything$/);
    expect(run.reason).toContain('spend');

    expect((await esRequest<{ count: number }>(url, 'GET', `/${PREFIX}events/_count`)).count).toBe(9);
    expect((await esRequest<{ count: number }>(url, 'GET', `/${PREFIX}runs/_count`)).count).toBe(1);
  });
});
