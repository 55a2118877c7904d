import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ElasticsearchError } from './elasticsearch-error.js';

/** One policy's part of summary.json, as far as indexing needs to know it. */
export interface SummaryPolicy {
  readonly name: string;
  readonly kind: string;
  readonly [field: string]: unknown;
}

/** A finished run's results folder, read for indexing. */
export interface RunResults {
  readonly dir: string;
  readonly summaryPath: string;
  readonly eventsPath: string | undefined;
  /** `<scenario>-seed<seed>-<first 16 hex digits of sha256(summary.json)>`: the same results, the same id. */
  readonly runId: string;
  readonly scenario: string;
  readonly seed: number;
  readonly days: number;
  readonly baseline: string | undefined;
  readonly champion: string | undefined;
  readonly opportunities: number;
  readonly matchedOpportunities: number;
  readonly policies: ReadonlyArray<SummaryPolicy>;
  /** When summary.json was written (its modification time): the run's wall time. */
  readonly runTime: Date;
  /** First simulated day, from summary.json when it records one. */
  readonly startDate: string | undefined;
}

/** Reads `<dir>/summary.json` and finds `<dir>/events.arrow`; refuses a folder that is not a bidlab run. */
export async function readRunResults(dir: string): Promise<RunResults> {
  const summaryPath = join(dir, 'summary.json');
  let text: string;
  try {
    text = await readFile(summaryPath, 'utf8');
  } catch (e) {
    throw new ElasticsearchError('ES_NO_RESULTS', `no run results here (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); expected the folder 'bidlab run --out' wrote`, summaryPath);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ElasticsearchError('ES_BAD_SUMMARY', `not JSON: ${(e as Error).message}`, summaryPath);
  }
  const s = object(raw, summaryPath, '(top level)');
  const scenario = field(s, 'scenario', 'string', summaryPath);
  const seed = field(s, 'seed', 'number', summaryPath);
  const policiesRaw = s['policies'];
  if (!Array.isArray(policiesRaw) || policiesRaw.length === 0) {
    throw new ElasticsearchError('ES_BAD_SUMMARY', "expected 'policies' to be a non-empty list", `${summaryPath}: policies`);
  }
  const policies = policiesRaw.map((p, i) => {
    const o = object(p, summaryPath, `policies[${i}]`);
    field(o, 'name', 'string', summaryPath, `policies[${i}].`);
    field(o, 'kind', 'string', summaryPath, `policies[${i}].`);
    return o as unknown as SummaryPolicy;
  });
  const eventsPath = join(dir, 'events.arrow');
  const events = await stat(eventsPath).then(() => eventsPath, () => undefined);
  const mtime = (await stat(summaryPath)).mtime;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const optionalString = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : undefined);
  return {
    dir, summaryPath, eventsPath: events,
    runId: `${scenario}-seed${seed}-${hash}`,
    scenario, seed,
    days: typeof s['days'] === 'number' ? s['days'] : 1,
    baseline: optionalString('baseline'),
    champion: optionalString('champion'),
    opportunities: typeof s['opportunities'] === 'number' ? s['opportunities'] : 0,
    matchedOpportunities: typeof s['matchedOpportunities'] === 'number' ? s['matchedOpportunities'] : 0,
    policies,
    runTime: mtime,
    startDate: optionalString('startDate'),
  };
}

function object(v: unknown, path: string, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ElasticsearchError('ES_BAD_SUMMARY', 'expected an object', `${path}: ${where}`);
  return v as Record<string, unknown>;
}

function field<T extends 'string' | 'number'>(o: Record<string, unknown>, key: string, type: T, path: string, prefix = ''): T extends 'string' ? string : number {
  const v = o[key];
  if (typeof v !== type || (type === 'number' && !Number.isFinite(v))) {
    throw new ElasticsearchError('ES_BAD_SUMMARY', `expected '${key}' to be a ${type}, got ${JSON.stringify(v) ?? 'nothing'}`, `${path}: ${prefix}${key}`);
  }
  return v as T extends 'string' ? string : number;
}
