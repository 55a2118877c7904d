import { join } from 'node:path';
import { errors, type Client } from '@elastic/elasticsearch';
import { bulkIndex, type BulkIndexOptions } from './bulk-index.js';
import { DeadLetterFile } from './dead-letter-file.js';
import { ElasticsearchError } from './elasticsearch-error.js';
import { eventDocuments } from './event-documents.js';
import { HourlyBuckets } from './hourly-buckets.js';
import { indexName, installIndexTemplates } from './index-templates.js';
import { readRunResults } from './run-results.js';
import { hourlyDocuments, runDocuments } from './summary-documents.js';

/** The scenario schema's default first day, for results that do not record theirs. */
const DEFAULT_START_DATE = '2025-03-03';

export interface IndexRunOptions extends BulkIndexOptions {
  /** Wall clock of this indexing, stamped on every document; the caller reads the clock. */
  readonly indexedAt: Date;
  /** Prefix of every index and template name (default `bidlab-`). */
  readonly prefix?: string;
  /** Share of opportunities whose events are indexed, in (0, 1] (default 1: all). */
  readonly sampleShare?: number;
  /** First simulated day (YYYY-MM-DD) when summary.json does not record it (default 2025-03-03). */
  readonly simStart?: string;
  /** Where rejected documents go (default `<dir>/es-dead-letter.ndjson`). */
  readonly deadLetterPath?: string;
}

export interface IndexRunReport {
  readonly runId: string;
  readonly indices: { readonly events: string; readonly hourly: string; readonly runs: string };
  readonly events: number;
  readonly hourly: number;
  readonly runs: number;
  /** Documents sent again after a 429. */
  readonly retried: number;
}

/**
 * Indexes a finished run (summary.json and events.arrow in `dir`): installs the templates, then
 * the events, the hourly buckets computed from them, and last the run documents, so a run listed
 * in the runs index has everything else in place. Every document id derives from (run, policy,
 * opportunity or hour): indexing the same results again overwrites instead of duplicating, which
 * is also how an interrupted indexing resumes. Throws ES_REJECTED after the whole pass if any
 * document was rejected (they are in the dead-letter file), ES_UNAVAILABLE if the cluster went away.
 */
export async function indexRun(client: Client, dir: string, options: IndexRunOptions): Promise<IndexRunReport> {
  const { prefix, sampleShare } = checkIndexOptions(options);
  const results = await readRunResults(dir);
  const simStartMs = simStart(results.startDate ?? options.simStart);
  const ctx = { runId: results.runId, simStartMs, indexedAtMs: options.indexedAt.getTime() };
  const indices = { events: indexName(prefix, 'events'), hourly: indexName(prefix, 'hourly'), runs: indexName(prefix, 'runs') };

  return deliver(client, dir, options, async (deadLetters) => {
    await reachable(client, () => installIndexTemplates(client, prefix));
    let retried = 0;
    let events = 0;
    const hourly = new HourlyBuckets();
    if (results.eventsPath) {
      const docs = eventDocuments(results.eventsPath, { ...ctx, index: indices.events, scenario: results.scenario, seed: results.seed, sampleShare }, hourly);
      const r = await withoutRefresh(client, indices.events, () => bulkIndex(client, docs, deadLetters, options));
      events = r.successful;
      retried += r.retried;
    }
    const hourlyDocs = hourlyDocuments(results, ctx, indices.hourly, hourly.list());
    retried += (await bulkIndex(client, hourlyDocs, deadLetters, options)).retried;
    const runDocs = runDocuments(results, ctx, indices.runs, { count: events, sampleShare });
    retried += (await bulkIndex(client, runDocs, deadLetters, options)).retried;
    await reachable(client, () => client.indices.refresh({ index: Object.values(indices), ignore_unavailable: true }));
    return { runId: results.runId, indices, events, hourly: hourlyDocs.length, runs: runDocs.length, retried };
  });
}

/**
 * Runs one indexing pass with a fresh dead-letter file: throws ES_REJECTED after the pass if any
 * document was rejected, and turns ES_UNAVAILABLE into advice on finishing the job later.
 */
export async function deliver<T>(client: Client, dir: string, options: IndexRunOptions, pass: (deadLetters: DeadLetterFile) => Promise<T>): Promise<T> {
  const deadLetters = await DeadLetterFile.create(options.deadLetterPath ?? join(dir, 'es-dead-letter.ndjson'));
  try {
    const result = await pass(deadLetters);
    if (deadLetters.count > 0) {
      throw new ElasticsearchError('ES_REJECTED',
        `Elasticsearch rejected ${deadLetters.count} document(s); each is in the dead-letter file with the reason. The other documents were indexed.`,
        deadLetters.path);
    }
    return result;
  } catch (e) {
    if (e instanceof ElasticsearchError && e.code === 'ES_UNAVAILABLE') {
      throw new ElasticsearchError('ES_UNAVAILABLE',
        `${e.message}. The results in ${dir} are complete; run 'bidlab index ${dir}' again when Elasticsearch is back: documents keep their ids, so nothing is duplicated.`
        + (deadLetters.count > 0 ? ` ${deadLetters.count} document(s) were rejected before that (see ${deadLetters.path}).` : ''));
    }
    throw e;
  } finally {
    await deadLetters.close();
  }
}

/**
 * Turns periodic refresh off on an index while a pass streams documents into it (Elasticsearch's
 * advice for bulk loads: no segment is made and merged every second), then puts back the setting
 * it had. The pass ends with an explicit refresh anyway. A pass killed midway leaves refresh off;
 * the next pass finds '-1', which bidlab never sets for good, and puts back the default. Where the
 * credentials may not change index settings, the pass runs with refresh as it is.
 */
async function withoutRefresh<T>(client: Client, index: string, work: () => Promise<T>): Promise<T> {
  let restore: string | null;
  try {
    const exists = await reachable(client, () => client.indices.exists({ index }));
    // Created here so the setting can be made before the first document; a concurrent pass may win the race.
    if (!exists) await reachable(client, () => client.indices.create({ index }, { ignore: [400] }));
    const current = await reachable(client, () => client.indices.getSettings({ index, name: 'index.refresh_interval', flat_settings: true }));
    const before = (current[index]?.settings as Record<string, unknown> | undefined)?.['index.refresh_interval'];
    restore = typeof before === 'string' && before !== '-1' ? before : null;
    await reachable(client, () => client.indices.putSettings({ index, settings: { 'index.refresh_interval': '-1' } }));
  } catch (e) {
    // A user allowed to write documents but not to manage the index (403) indexes all the same, refresh on.
    if (e instanceof ElasticsearchError && e.code === 'ES_REQUEST_FAILED') return work();
    throw e;
  }
  try {
    return await work();
  } finally {
    // If the cluster went away this fails too; the error that matters is the pass's.
    await client.indices.putSettings({ index, settings: { 'index.refresh_interval': restore } }).catch(() => undefined);
  }
}

/** Checks the options every indexing takes, before anything is read or sent. */
export function checkIndexOptions(options: IndexRunOptions): { prefix: string; sampleShare: number } {
  const prefix = options.prefix ?? 'bidlab-';
  const sampleShare = options.sampleShare ?? 1;
  if (!(sampleShare > 0 && sampleShare <= 1)) {
    throw new ElasticsearchError('ES_BAD_SAMPLE', `expected a share in (0, 1], got ${sampleShare}`, '--es-sample');
  }
  if (options.concurrency !== undefined && !(Number.isInteger(options.concurrency) && options.concurrency >= 1)) {
    throw new ElasticsearchError('ES_BAD_CONCURRENCY', `expected a whole number of requests, at least 1, got ${options.concurrency}`, '--es-concurrency');
  }
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(prefix)) {
    throw new ElasticsearchError('ES_BAD_PREFIX', `'${prefix}' cannot start an index name (lowercase letters, digits, '_', '.', '-')`, '--es-prefix');
  }
  return { prefix, sampleShare };
}

/** Epoch milliseconds of a first simulated day (YYYY-MM-DD; default the scenario schema's 2025-03-03). */
export function simStart(date: string | undefined): number {
  const day = date ?? DEFAULT_START_DATE;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) throw new ElasticsearchError('ES_BAD_SIM_START', `expected a date YYYY-MM-DD, got '${day}'`, '--sim-start');
  return ms;
}

/** Runs a request, turning a cluster that cannot be reached into ES_UNAVAILABLE. */
export async function reachable<T>(client: Client, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    if (e instanceof errors.ConnectionError || e instanceof errors.TimeoutError || e instanceof errors.NoLivingConnectionsError) {
      throw new ElasticsearchError('ES_UNAVAILABLE', `cannot reach Elasticsearch: ${e.message}`);
    }
    if (e instanceof errors.ResponseError) {
      throw new ElasticsearchError('ES_REQUEST_FAILED', `Elasticsearch answered ${e.statusCode ?? '?'}: ${e.message}`);
    }
    throw e;
  }
}
