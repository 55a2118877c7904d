import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ElasticsearchError } from './elasticsearch-error.js';

/** report.json writes NaN and infinities as null: "not a number that can be stated". */
const num = z.number().nullable();
const interval = z.looseObject({ estimate: num, lower: num, upper: num });
const bins = z.array(z.looseObject({ lower: num, upper: num, count: num, meanPredicted: num, observedRate: num }));
const calibration = z.looseObject({ count: num, bins }).optional();

/** The parts of report.json (src/report/comparison-report.ts) that indexing reads; the rest passes untouched. */
const reportSchema = z.looseObject({
  formatVersion: z.literal(1),
  createdAt: z.string().optional(),
  scenario: z.looseObject({ name: z.string() }),
  mode: z.string(),
  seeds: z.array(z.number()).min(1),
  champion: z.string(),
  challenger: z.string(),
  baseline: z.string().optional(),
  oracle: z.string().optional(),
  policies: z.array(z.looseObject({ name: z.string(), kind: z.string(), calibration, trueCalibration: calibration })).min(1),
  statistics: z.looseObject({
    confidence: num,
    figures: z.looseObject({ champion: z.record(z.string(), interval), challenger: z.record(z.string(), interval), difference: z.record(z.string(), interval) }),
  }),
  gate: z.looseObject({
    verdict: z.enum(['PASS', 'FAIL']),
    checks: z.array(z.looseObject({
      rule: z.string(), measure: z.string(), op: z.string(), threshold: num, confidence: num,
      estimate: num, lower: num, upper: num, compared: num, passed: z.boolean(), reason: z.string(),
    })),
    reasons: z.array(z.string()),
  }),
  segments: z.array(z.looseObject({
    dimension: z.string(),
    buckets: z.array(z.looseObject({
      label: z.string(),
      policies: z.array(z.looseObject({
        policy: z.string(), wins: num, spend: num, conversions: num, revenue: num, predictedRevenue: num, predictedRoi: num, actualRoi: num,
      })),
    })),
  })),
  timeline: z.looseObject({
    bucketSeconds: z.number().positive(),
    times: z.array(z.number()),
    policies: z.array(z.looseObject({
      policy: z.string(), spend: z.array(num), revenue: z.array(num), conversions: z.array(num), wins: z.array(num),
    })),
  }).optional(),
});

export type ComparisonReportData = z.infer<typeof reportSchema>;

/** A finished comparison's folder (what `bidlab compare --out` wrote), read for indexing. */
export interface ComparisonResults {
  readonly dir: string;
  readonly reportPath: string;
  /**
   * `<scenario>-compare-seed<first seed>-<first 16 hex digits of sha256(report.json without createdAt)>`:
   * the same comparison, run again, gets the same id (its report differs only in when it was written).
   */
  readonly runId: string;
  readonly scenario: string;
  readonly seed: number;
  readonly report: ComparisonReportData;
  /** When the report says it was written, else report.json's modification time. */
  readonly runTime: Date;
}

/** True when `dir` holds a comparison's report.json (and is to be indexed as one). */
export async function isComparison(dir: string): Promise<boolean> {
  return stat(join(dir, 'report.json')).then((s) => s.isFile(), () => false);
}

/** Reads and checks `<dir>/report.json`; a wrong field is named with its path in the file. */
export async function readComparisonResults(dir: string): Promise<ComparisonResults> {
  const reportPath = join(dir, 'report.json');
  let text: string;
  try {
    text = await readFile(reportPath, 'utf8');
  } catch (e) {
    throw new ElasticsearchError('ES_NO_RESULTS', `no comparison report here (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); expected the folder 'bidlab compare --out' wrote`, reportPath);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ElasticsearchError('ES_BAD_REPORT', `not JSON: ${(e as Error).message}`, reportPath);
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new ElasticsearchError('ES_BAD_REPORT', `${issue.message}; expected report.json as 'bidlab compare' writes it (formatVersion 1)`, `${reportPath}: ${path || '(top level)'}`);
  }
  const report = parsed.data;
  const { createdAt, ...stable } = raw as Record<string, unknown>;
  const hash = createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 16);
  const seed = report.seeds[0]!;
  const written = createdAt === undefined ? NaN : Date.parse(String(createdAt));
  return {
    dir, reportPath, report, seed,
    scenario: report.scenario.name,
    runId: `${report.scenario.name}-compare-seed${seed}-${hash}`,
    runTime: Number.isFinite(written) ? new Date(written) : (await stat(reportPath)).mtime,
  };
}
