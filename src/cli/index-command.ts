import type { CommandModule } from 'yargs';
import { createEsClient, indexComparison, indexRun, isComparison, redactUrl } from '../io/elasticsearch/index.js';
import { atCluster, type EsArgs, esConnectionFrom, withEsOptions } from './es-command.js';

type SetExit = (code: number) => void;

export interface IndexArgs extends EsArgs { dir: string; esSample: number; esConcurrency: number; simStart?: string }

/** `bidlab index <results dir>`: indexes a finished run or comparison into Elasticsearch. */
export function indexCommand(setExit: SetExit): CommandModule {
  return {
    command: 'index <dir>',
    describe: "Index a finished run or comparison (the folder 'bidlab run|compare --out' wrote) into Elasticsearch; safe to repeat",
    builder: (y) => withEsOptions(y
      .positional('dir', { type: 'string', demandOption: true, describe: 'Results folder: summary.json and events.arrow of a run, or report.json of a comparison' })
      .option('es-sample', { type: 'number', default: 1, describe: 'Share of opportunities whose per-auction events are indexed, in (0, 1]' })
      .option('es-concurrency', { type: 'number', default: 2, describe: 'Bulk requests in flight at once (each about 5 MB)' })
      .option('sim-start', { type: 'string', describe: 'First simulated day YYYY-MM-DD, if the results do not record it (default 2025-03-03)' })),
    handler: async (a) => setExit(await indexResults(a as unknown as IndexArgs)),
  };
}

/**
 * Indexes the results folder `a.dir` (a comparison when it holds report.json, else a run) and
 * prints what went where; `bidlab run --es` and `bidlab compare --es` call it too.
 */
export async function indexResults(a: IndexArgs, report: NodeJS.WritableStream = process.stdout): Promise<number> {
  const connection = esConnectionFrom(a);
  const client = createEsClient(connection);
  try {
    const started = performance.now(); // clock: the rate reported to the user
    const options = {
      indexedAt: new Date(), // clock: stamped on the documents as indexed_at
      prefix: a.esPrefix,
      sampleShare: a.esSample,
      concurrency: a.esConcurrency,
      ...(a.simStart !== undefined ? { simStart: a.simStart } : {}),
    };
    let what: string;
    let total: number;
    let retried: number;
    if (await isComparison(a.dir)) {
      const r = await atCluster(connection, () => indexComparison(client, a.dir, options));
      const c = r.counts;
      total = c.hourly + c.runs + c.segments + c.calibration + c.verdicts + c.gateChecks;
      retried = r.retried;
      what = `comparison ${r.runId} into ${redactUrl(connection.url)}: ${c.runs} policy documents → ${r.indices.runs}, `
        + `${c.hourly} hourly buckets → ${r.indices.hourly}, ${c.segments} segment documents → ${r.indices.segments}, `
        + `${c.calibration} calibration bins → ${r.indices.calibration}, ${c.verdicts} verdict → ${r.indices.verdicts}, `
        + `${c.gateChecks} gate checks → ${r.indices.gateChecks}`;
    } else {
      const r = await atCluster(connection, () => indexRun(client, a.dir, options));
      total = r.events + r.hourly + r.runs;
      retried = r.retried;
      what = `run ${r.runId} into ${redactUrl(connection.url)}: ${r.events} events → ${r.indices.events}, `
        + `${r.hourly} hourly buckets → ${r.indices.hourly}, ${r.runs} run documents → ${r.indices.runs}`;
    }
    const seconds = (performance.now() - started) / 1000; // clock: as above
    report.write(`indexed ${what} (${total} documents in ${seconds.toFixed(1)} s, ${Math.round(total / Math.max(seconds, 1e-3))}/s${retried ? `, ${retried} retried after 429` : ''})\n`);
    return 0;
  } finally {
    await client.close();
  }
}
