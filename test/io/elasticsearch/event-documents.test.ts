import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrowTableWriter, type ArrowColumn } from '../../../src/io/arrow/index.js';
import { EVENT_FIELDS, eventDocuments } from '../../../src/io/elasticsearch/event-documents.js';
import { HourlyBuckets } from '../../../src/io/elasticsearch/hourly-buckets.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'bidlab-event-docs-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const TYPES: Record<string, ArrowColumn['type']> = { opportunity_id: 'int32', policy: 'string', campaign: 'int32', nbr: 'int32', bid: 'bool', won: 'bool', converts: 'bool' };
const ctx = { index: 'bidlab-events', runId: 'r', scenario: 's', seed: 1, simStartMs: 0, indexedAtMs: 0, sampleShare: 1 };

async function eventsFile(name: string, geo: boolean): Promise<string> {
  const columns: ArrowColumn[] = EVENT_FIELDS.map((n) => ({ name: n, type: TYPES[n] ?? 'float64' }));
  if (geo) columns.push({ name: 'country', type: 'string' }, { name: 'lat', type: 'float64' }, { name: 'lon', type: 'float64' });
  const path = join(dir, name);
  const w = await ArrowTableWriter.open(path, columns);
  const base = [1, 10, 'champion', 0, 0.5, 0.01, true, 2, null, true, 1.5, 1.4, false];
  w.append(geo ? [...base, 'USA', 40.7, -74] : base);
  w.append(geo ? [2, ...base.slice(1), 'GBR', null, null] : [2, ...base.slice(1)]);
  await w.close();
  return path;
}

describe('event documents', () => {
  it("carry the request's country, and its location as a geo point when it had coordinates", async () => {
    const docs = [];
    for await (const d of eventDocuments(await eventsFile('geo.arrow', true), ctx, new HourlyBuckets())) docs.push(JSON.parse(d.doc as string));
    expect(docs[0]).toMatchObject({ country: 'USA', location: { lat: 40.7, lon: -74 } });
    expect(docs[1]).toMatchObject({ country: 'GBR' });
    expect(docs[1].location).toBeUndefined();
  });

  it('index an events file written before those columns existed, without them', async () => {
    const docs = [];
    for await (const d of eventDocuments(await eventsFile('old.arrow', false), ctx, new HourlyBuckets())) docs.push(JSON.parse(d.doc as string));
    expect(docs).toHaveLength(2);
    expect(docs[0].country).toBeUndefined();
    expect(docs[0].location).toBeUndefined();
  });
});
