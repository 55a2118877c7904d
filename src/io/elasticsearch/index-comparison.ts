import type { Client } from '@elastic/elasticsearch';
import { bulkIndex } from './bulk-index.js';
import { type ComparisonIndices, comparisonDocuments } from './comparison-documents.js';
import { readComparisonResults } from './comparison-results.js';
import { indexName, installIndexTemplates } from './index-templates.js';
import { checkIndexOptions, deliver, type IndexRunOptions, reachable, simStart } from './index-run.js';

export interface IndexComparisonReport {
  readonly runId: string;
  readonly indices: ComparisonIndices;
  /** Documents stored, by kind. */
  readonly counts: { readonly hourly: number; readonly runs: number; readonly segments: number; readonly calibration: number; readonly verdicts: number; readonly gateChecks: number };
  readonly retried: number;
}

/**
 * Indexes a finished comparison (report.json in `dir`): the policies' figures into runs, the
 * timeline into hourly, segments, calibration bins, and last the verdict with its gate checks, so
 * a comparison listed in verdicts has everything else in place. Same guarantees as indexRun: ids
 * from (comparison, policy, segment, bin or rule), a dead-letter file, ES_REJECTED and ES_UNAVAILABLE.
 */
export async function indexComparison(client: Client, dir: string, options: IndexRunOptions): Promise<IndexComparisonReport> {
  const { prefix } = checkIndexOptions(options);
  const results = await readComparisonResults(dir);
  const ctx = { simStartMs: simStart(options.simStart), indexedAtMs: options.indexedAt.getTime() };
  const indices: ComparisonIndices = {
    hourly: indexName(prefix, 'hourly'), runs: indexName(prefix, 'runs'), segments: indexName(prefix, 'segments'),
    calibration: indexName(prefix, 'calibration'), verdicts: indexName(prefix, 'verdicts'), gateChecks: indexName(prefix, 'gate-checks'),
  };
  const docs = comparisonDocuments(results, ctx, indices);

  return deliver(client, dir, options, async (deadLetters) => {
    await reachable(client, () => installIndexTemplates(client, prefix));
    let retried = 0;
    for (const items of [docs.hourly, docs.segments, docs.calibration, docs.runs, docs.verdicts]) {
      retried += (await bulkIndex(client, items, deadLetters, options)).retried;
    }
    await reachable(client, () => client.indices.refresh({ index: Object.values(indices), ignore_unavailable: true }));
    const checks = docs.verdicts.filter((d) => d.index === indices.gateChecks).length;
    return {
      runId: results.runId, indices, retried,
      counts: {
        hourly: docs.hourly.length, runs: docs.runs.length, segments: docs.segments.length, calibration: docs.calibration.length,
        verdicts: docs.verdicts.length - checks, gateChecks: checks,
      },
    };
  });
}
