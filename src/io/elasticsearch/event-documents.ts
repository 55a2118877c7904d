import { open } from 'node:fs/promises';
import { DataType, Precision, RecordBatchReader, type Vector } from 'apache-arrow';
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

/** Columns newer runs write; an events file from before them is indexed without those fields. */
export const OPTIONAL_EVENT_FIELDS = ['country', 'lat', 'lon'] as const;

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
      const col = Object.fromEntries(EVENT_FIELDS.map((n) => [n, cells(batch.getChild(n)!)])) as Record<(typeof EVENT_FIELDS)[number], (r: number) => unknown>;
      const optional = (n: (typeof OPTIONAL_EVENT_FIELDS)[number]) => (names.includes(n) ? cells(batch.getChild(n)!) : () => null);
      const [country, lat, lon] = OPTIONAL_EVENT_FIELDS.map(optional) as [(r: number) => unknown, (r: number) => unknown, (r: number) => unknown];
      for (let r = 0; r < batch.numRows; r++, row++) {
        const opportunity = col.opportunity_id(r) as number;
        const seconds = col.time(r) as number;
        const policy = col.policy(r) as string;
        if (typeof opportunity !== 'number' || typeof seconds !== 'number' || typeof policy !== 'string') {
          throw new ElasticsearchError('ES_BAD_EVENTS', 'opportunity_id, time and policy must be present in every row (they make the document id)', `${path}: row ${row}`);
        }
        const bid = col.bid(r) === true;
        const won = col.won(r) === true;
        const paid = col.paid_cpm(r);
        const p = col.p_conversion(r);
        const converts = col.converts(r);
        hourly.add(policy, seconds, bid, won, paid, p, converts);
        if (mix32(opportunity) >= threshold) continue;
        const c = country(r), la = lat(r), lo = lon(r);
        const geo = (c === null ? '' : `,"country":${JSON.stringify(c)}`)
          + (typeof la === 'number' && typeof lo === 'number' ? `,"location":{"lat":${la},"lon":${lo}}` : '');
        yield {
          index: ctx.index,
          id: `${ctx.runId}/${policy}/${opportunity}`,
          doc: `${policyJson(policy)},"opportunity_id":${json(opportunity)},"campaign":${json(col.campaign(r))}`
            + `,"sim_time":${ctx.simStartMs + Math.floor(seconds * 1000)},"sim_seconds":${json(seconds)},"sim_hour":${Math.floor(seconds / 3600)}`
            + `,"floor_cpm":${json(col.floor_cpm(r))},"p_conversion":${json(p)},"bid":${bid},"bid_cpm":${json(col.bid_cpm(r))}`
            + `,"nbr":${json(col.nbr(r))},"won":${won},"won_count":${won ? 1 : 0},"paid_cpm":${json(paid)},"spend":${won ? json(typeof paid === 'number' ? paid / 1000 : paid) : '0'}`
            + `,"highest_competitor_cpm":${json(col.highest_competitor_cpm(r))},"converts":${json(converts)}${geo}${common}`,
        };
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * Reads one column of one record batch. Numbers (up to 32-bit integers, single and double floats)
 * and booleans come straight from the Arrow buffers: Vector.get dispatches through a visitor for
 * every cell, which was most of the CPU indexing spent. Any other type (text where a number was
 * expected, say) goes through get() and passes as the file holds it, for Elasticsearch to judge.
 */
function cells(v: Vector): (r: number) => unknown {
  const t = v.type;
  const data = v.data.length === 1 ? v.data[0]! : undefined;
  const fast = DataType.isBool(t) || (DataType.isInt(t) && t.bitWidth <= 32) || (DataType.isFloat(t) && t.precision !== Precision.HALF);
  if (data && DataType.isUtf8(t)) return texts(data.valueOffsets as Int32Array, data.values as Uint8Array, data.offset, data.nullCount > 0 ? data.nullBitmap : null);
  if (!data || !fast) return (r) => v.get(r);
  const offset = data.offset;
  const nulls = data.nullCount > 0 ? data.nullBitmap : null;
  if (DataType.isBool(t)) {
    const bits = data.values as Uint8Array;
    return (r) => {
      const i = offset + r;
      if (nulls && (nulls[i >> 3]! & (1 << (i & 7))) === 0) return null;
      return (bits[i >> 3]! & (1 << (i & 7))) !== 0;
    };
  }
  // Fixed-width values are already sliced to the batch; the validity bitmap is not.
  const values = data.values as Int32Array | Float64Array;
  return (r) => {
    const i = offset + r;
    if (nulls && (nulls[i >> 3]! & (1 << (i & 7))) === 0) return null;
    return values[r];
  };
}

/**
 * Reads a text column that repeats a few values (policy names): each row's bytes are compared with
 * the values already decoded, so a million rows decode a handful of strings, not a million.
 */
function texts(offsets: Int32Array, bytes: Uint8Array, offset: number, nulls: Uint8Array | null): (r: number) => string | null {
  const seen: { bytes: Uint8Array; text: string }[] = [];
  const decoder = new TextDecoder();
  return (r) => {
    const i = offset + r;
    if (nulls && (nulls[i >> 3]! & (1 << (i & 7))) === 0) return null;
    const start = offsets[r]!;
    const end = offsets[r + 1]!;
    const length = end - start;
    for (const s of seen) {
      if (s.bytes.length !== length) continue;
      let k = 0;
      while (k < length && s.bytes[k] === bytes[start + k]) k++;
      if (k === length) return s.text;
    }
    const text = decoder.decode(bytes.subarray(start, end));
    // Bounded: a column of many distinct values falls back to decoding each row.
    if (seen.length < 16) seen.push({ bytes: bytes.slice(start, end), text });
    return text;
  };
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
