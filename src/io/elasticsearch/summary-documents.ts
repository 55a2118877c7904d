import type { estypes } from '@elastic/elasticsearch';
import type { BulkItem } from './event-documents.js';
import type { HourlyBucket } from './hourly-buckets.js';
import { INDEX_KINDS } from './index-templates.js';
import type { RunResults, SummaryPolicy } from './run-results.js';

/** What the hourly and run documents of a run share besides the results themselves. */
export interface RunDocContext {
  readonly runId: string;
  readonly simStartMs: number;
  readonly indexedAtMs: number;
}

function runFields(r: RunResults, ctx: RunDocContext, policy: string): Record<string, unknown> {
  return { run_id: ctx.runId, scenario: r.scenario, seed: r.seed, policy, sim_start: ctx.simStartMs, indexed_at: ctx.indexedAtMs };
}

/** One document per policy and simulated hour, id `<run>/<policy>/h<hour>`. */
export function hourlyDocuments(r: RunResults, ctx: RunDocContext, index: string, buckets: ReadonlyArray<HourlyBucket>): BulkItem[] {
  return buckets.map((b) => ({
    index,
    id: `${ctx.runId}/${b.policy}/h${b.hour}`,
    doc: {
      ...runFields(r, ctx, b.policy),
      sim_time: ctx.simStartMs + b.hour * 3_600_000,
      sim_hour: b.hour,
      opportunities: b.opportunities, bids: b.bids, wins: b.wins, spend: b.spend,
      converting_wins: b.convertingWins, expected_conversions: b.expectedConversions,
    },
  }));
}

/** Indexing figures recorded on each run document. */
export interface EventsIndexed {
  readonly count: number;
  readonly sampleShare: number;
}

/**
 * One document per policy, id `<run>/<policy>`: summary.json's figures under snake_case names
 * (camelCase keys of the summary become snake_case fields; null, meaning "not defined" such as
 * a blind policy's predicted ROI, is left out). Only fields the runs mapping declares are sent:
 * what else a summary carries (per-segment tables, say) belongs in indices of its own.
 */
export function runDocuments(r: RunResults, ctx: RunDocContext, index: string, events: EventsIndexed): BulkItem[] {
  return r.policies.map((p) => {
    const { name, ...figures } = p;
    return {
      index,
      id: `${ctx.runId}/${name}`,
      doc: {
        ...runFields(r, ctx, name),
        ...mapped(snakeCase(figures), INDEX_KINDS.runs.properties),
        source: 'run',
        ...(role(r, p) !== undefined ? { role: role(r, p) } : {}),
        is_baseline: name === r.baseline,
        is_champion: name === r.champion,
        run_time: r.runTime.getTime(),
        days: r.days,
        matched_opportunities: r.matchedOpportunities,
        events_indexed: events.count,
        events_sampled_share: events.sampleShare,
      },
    };
  });
}

/** A run names its champion and baseline; an oracle is one by kind. */
function role(r: RunResults, p: SummaryPolicy): string | undefined {
  if (p.name === r.champion) return 'champion';
  if (p.name === r.baseline) return 'baseline';
  return p.kind === 'oracle' ? 'oracle' : undefined;
}

function snakeCase(o: Record<string, unknown>, nested = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined) continue;
    // no_bids keys are OpenRTB cause names ('below-floor'): keep them as they are.
    const key = nested ? k : k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out[key] = typeof v === 'object' && !Array.isArray(v) ? snakeCase(v as Record<string, unknown>, key === 'no_bids') : v;
  }
  return out;
}

type Properties = Record<string, estypes.MappingProperty>;

function mapped(o: Record<string, unknown>, properties: Properties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const m = properties[k] as { properties?: Properties; dynamic?: unknown } | undefined;
    if (m === undefined) continue;
    const nested = m.properties;
    out[k] = nested && typeof v === 'object' && v !== null && !Array.isArray(v) ? mapped(v as Record<string, unknown>, nested) : v;
  }
  return out;
}
