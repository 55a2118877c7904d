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
  const results = await readRunResults(dir);
  const startDate = results.startDate ?? options.simStart ?? DEFAULT_START_DATE;
  const simStartMs = Date.parse(`${startDate}T00:00:00Z`);
  if (!Number.isFinite(simStartMs)) throw new ElasticsearchError('ES_BAD_SIM_START', `expected a date YYYY-MM-DD, got '${startDate}'`, '--sim-start');
  const ctx = { runId: results.runId, simStartMs, indexedAtMs: options.indexedAt.getTime() };
  const indices = { events: indexName(prefix, 'events'), hourly: indexName(prefix, 'hourly'), runs: indexName(prefix, 'runs') };

  await reachable(client, () => installIndexTemplates(client, prefix));
  const deadLetters = await DeadLetterFile.create(options.deadLetterPath ?? join(dir, 'es-dead-letter.ndjson'));
  let retried = 0;
  let events = 0;
  try {
    const hourly = new HourlyBuckets();
    if (results.eventsPath) {
      const docs = eventDocuments(results.eventsPath, { ...ctx, index: indices.events, scenario: results.scenario, seed: results.seed, sampleShare }, hourly);
      const r = await bulkIndex(client, docs, deadLetters, options);
      events = r.successful;
      retried += r.retried;
    }
    const hourlyDocs = hourlyDocuments(results, ctx, indices.hourly, hourly.list());
    retried += (await bulkIndex(client, hourlyDocs, deadLetters, options)).retried;
    const runDocs = runDocuments(results, ctx, indices.runs, { count: events, sampleShare });
    retried += (await bulkIndex(client, runDocs, deadLetters, options)).retried;
    await reachable(client, () => client.indices.refresh({ index: Object.values(indices), ignore_unavailable: true }));
    if (deadLetters.count > 0) {
      throw new ElasticsearchError('ES_REJECTED',
        `Elasticsearch rejected ${deadLetters.count} document(s); each is in the dead-letter file with the reason. The other documents were indexed.`,
        deadLetters.path);
    }
    return { runId: results.runId, indices, events, hourly: hourlyDocs.length, runs: runDocs.length, retried };
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
