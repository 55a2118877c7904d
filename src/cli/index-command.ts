import type { CommandModule } from 'yargs';
import { createEsClient, indexRun, redactUrl } from '../io/elasticsearch/index.js';
import { atCluster, type EsArgs, esConnectionFrom, withEsOptions } from './es-command.js';

type SetExit = (code: number) => void;

export interface IndexArgs extends EsArgs { dir: string; esSample: number; esConcurrency: number; simStart?: string }

/** `bidlab index <results dir>`: indexes a finished run into Elasticsearch. */
export function indexCommand(setExit: SetExit): CommandModule {
  return {
    command: 'index <dir>',
    describe: "Index a finished run (the folder 'bidlab run --out' wrote) into Elasticsearch; safe to repeat",
    builder: (y) => withEsOptions(y
      .positional('dir', { type: 'string', demandOption: true, describe: 'Results folder with summary.json and events.arrow' })
      .option('es-sample', { type: 'number', default: 1, describe: 'Share of opportunities whose per-auction events are indexed, in (0, 1]' })
      .option('es-concurrency', { type: 'number', default: 2, describe: 'Bulk requests in flight at once (each about 5 MB)' })
      .option('sim-start', { type: 'string', describe: 'First simulated day YYYY-MM-DD, if summary.json does not record it (default 2025-03-03)' })),
    handler: async (a) => setExit(await indexResults(a as unknown as IndexArgs)),
  };
}

/** Indexes the results folder `a.dir` and prints what went where; `bidlab run --es` calls it too. */
export async function indexResults(a: IndexArgs, report: NodeJS.WritableStream = process.stdout): Promise<number> {
  const connection = esConnectionFrom(a);
  const client = createEsClient(connection);
  try {
    const started = performance.now(); // clock: the rate reported to the user
    const r = await atCluster(connection, () => indexRun(client, a.dir, {
      indexedAt: new Date(), // clock: stamped on the documents as indexed_at
      prefix: a.esPrefix,
      sampleShare: a.esSample,
      concurrency: a.esConcurrency,
      ...(a.simStart !== undefined ? { simStart: a.simStart } : {}),
    }));
    const seconds = (performance.now() - started) / 1000; // clock: as above
    const total = r.events + r.hourly + r.runs;
    report.write(`indexed run ${r.runId} into ${redactUrl(connection.url)}: ${r.events} events → ${r.indices.events}, `
      + `${r.hourly} hourly buckets → ${r.indices.hourly}, ${r.runs} run documents → ${r.indices.runs} `
      + `(${total} documents in ${seconds.toFixed(1)} s, ${Math.round(total / Math.max(seconds, 1e-3))}/s${r.retried ? `, ${r.retried} retried after 429` : ''})\n`);
    return 0;
  } finally {
    await client.close();
  }
}
