import { open } from 'node:fs/promises';
import { RecordBatchReader, type Vector } from 'apache-arrow';
import { ElasticsearchError } from './elasticsearch-error.js';
import type { HourlyBuckets } from './hourly-buckets.js';

/** A document on its way to Elasticsearch: where, under which id, and its body (an object, or its JSON text). */
export interface BulkItem {
  readonly index: string;
  readonly id: string;
  readonly doc: Record<string, unknown> | string;
}

/** What every event document of a run shares. */
export interface EventContext {
  readonly index: string;
  readonly runId: string;
  readonly scenario: string;
  readonly seed: number;
  readonly simStartMs: number;
  readonly indexedAtMs: number;
  /** Share of opportunities to index, in (0, 1]; the same opportunities whatever the policy. */
  readonly sampleShare: number;
}

/** The columns `bidlab run` writes to events.arrow (src/run/run-scenario.ts). */
export const EVENT_FIELDS = [
  'opportunity_id', 'time', 'policy', 'campaign', 'floor_cpm', 'p_conversion', 'bid', 'bid_cpm', 'nbr', 'won', 'paid_cpm',
  'highest_competitor_cpm', 'converts',
] as const;

/**
 * Streams events.arrow one record batch at a time (the reader seeks to each batch through the file
 * handle: memory holds one batch, never the file) and yields one document per sampled row, while
 * adding every row to the hourly buckets. Values pass as the file holds them: checking them against
 * the mappings is Elasticsearch's job, and what it rejects goes to the dead-letter file.
 */
export async function* eventDocuments(path: string, ctx: EventContext, hourly: HourlyBuckets): AsyncGenerator<BulkItem> {
  const handle = await open(path).catch((e: NodeJS.ErrnoException) => {
    throw new ElasticsearchError('ES_BAD_EVENTS', `cannot open the events file (${e.code ?? e.message})`, path);
  });
  try {
    let reader;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (e) {
      throw new ElasticsearchError('ES_BAD_EVENTS', `not an Arrow IPC file: ${(e as Error).message}`, path);
    }
    const names = reader.schema.fields.map((f) => f.name);
    const missing = EVENT_FIELDS.filter((n) => !names.includes(n));
    if (missing.length > 0) {
      throw new ElasticsearchError('ES_BAD_EVENTS', `missing column(s) ${missing.join(', ')}; expected the events file 'bidlab run' writes`, path);
    }
    const threshold = ctx.sampleShare >= 1 ? Infinity : ctx.sampleShare * 2 ** 32;
    // Documents go out as JSON text built here: the fields every event of the run shares are
    // serialised once, and no object per event is built only to be serialised and collected.
    const common = `,"run_id":${JSON.stringify(ctx.runId)},"scenario":${JSON.stringify(ctx.scenario)},"seed":${ctx.seed}`
      + `,"sim_start":${ctx.simStartMs},"indexed_at":${ctx.indexedAtMs},"sample_share":${ctx.sampleShare}}`;
    const policies = new Map<string, string>();
    const policyJson = (policy: string) => {
      let j = policies.get(policy);
      if (j === undefined) policies.set(policy, (j = `{"policy":${JSON.stringify(policy)}`));
      return j;
    };
    let row = 0;
    for await (const batch of reader) {
      const col = Object.fromEntries(EVENT_FIELDS.map((n) => [n, batch.getChild(n)!])) as Record<(typeof EVENT_FIELDS)[number], Vector>;
      for (let r = 0; r < batch.numRows; r++, row++) {
        const opportunity = col.opportunity_id.get(r) as number;
        const seconds = col.time.get(r) as number;
        const policy = col.policy.get(r) as string;
        if (typeof opportunity !== 'number' || typeof seconds !== 'number' || typeof policy !== 'string') {
          throw new ElasticsearchError('ES_BAD_EVENTS', 'opportunity_id, time and policy must be present in every row (they make the document id)', `${path}: row ${row}`);
        }
        const bid = col.bid.get(r) === true;
        const won = col.won.get(r) === true;
        const paid = col.paid_cpm.get(r);
        const p = col.p_conversion.get(r);
        const converts = col.converts.get(r);
        hourly.add(policy, seconds, bid, won, paid, p, converts);
        if (mix32(opportunity) >= threshold) continue;
        yield {
          index: ctx.index,
          id: `${ctx.runId}/${policy}/${opportunity}`,
          doc: `${policyJson(policy)},"opportunity_id":${json(opportunity)},"campaign":${json(col.campaign.get(r))}`
            + `,"sim_time":${ctx.simStartMs + Math.floor(seconds * 1000)},"sim_seconds":${json(seconds)},"sim_hour":${Math.floor(seconds / 3600)}`
            + `,"floor_cpm":${json(col.floor_cpm.get(r))},"p_conversion":${json(p)},"bid":${bid},"bid_cpm":${json(col.bid_cpm.get(r))}`
            + `,"nbr":${json(col.nbr.get(r))},"won":${won},"paid_cpm":${json(paid)},"spend":${won ? json(typeof paid === 'number' ? paid / 1000 : paid) : '0'}`
            + `,"highest_competitor_cpm":${json(col.highest_competitor_cpm.get(r))},"converts":${json(converts)}${common}`,
        };
      }
    }
  } finally {
    await handle.close();
  }
}

/** A cell as JSON, NaN and infinities as null (as JSON.stringify does); text stays text, for Elasticsearch to judge. */
function json(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v === null || v === undefined ? 'null' : JSON.stringify(v);
}

/** A 32-bit integer hash (murmur3's finaliser): sampling that keeps an opportunity for every policy or for none. */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
