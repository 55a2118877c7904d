import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { LoadError } from './load-error.js';
import { parseThreshold } from './thresholds.js';

const duration = z.string().refine((s) => parseDuration(s) > 0, { message: "expected a k6 duration such as '30s', '2m' or '500ms'" });
const rate = z.number().int().min(0).max(1_000_000);
const vus = z.number().int().min(1).max(100_000);

const constant = z.strictObject({
  executor: z.literal('constant-arrival-rate'),
  rate: rate.min(1).describe('Requests started per timeUnit.'),
  timeUnit: duration.default('1s'),
  duration,
  preAllocatedVUs: vus,
  maxVUs: vus.optional(),
});

const ramping = z.strictObject({
  executor: z.literal('ramping-arrival-rate'),
  startRate: rate.default(0),
  timeUnit: duration.default('1s'),
  stages: z.array(z.strictObject({ target: rate, duration })).min(1).max(100),
  preAllocatedVUs: vus,
  maxVUs: vus.optional(),
});

const threshold = z.string().refine((s) => parseThreshold(s) !== undefined, { message: "expected a k6 threshold such as 'p(99)<5', 'avg<2' or 'rate<0.01'" });

/**
 * A load scenario: the same definition k6 (load/*.ts) and `bidlab load` run. `scenario` is a
 * k6 arrival-rate scenario (open model: requests start on schedule whether or not earlier ones
 * have finished, up to maxVUs in flight; beyond that they are dropped and counted, as k6 does).
 */
export const loadScenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a lower-case slug' }),
  description: z.string().optional(),
  target: z.url().default('http://127.0.0.1:8080').describe('Base URL of the bidder; BIDLAB_TARGET (k6) or --target (bidlab load) overrides it.'),
  path: z.string().startsWith('/').default('/openrtb2/bid'),
  payloads: z.string().min(1).describe('JSON array of request bodies (bidlab generate --kind requests), relative to this file.'),
  winRate: z.number().min(0).max(1).default(0).describe('Share of bids the simulated exchange wins and sends the win notice (nurl) for, at the bid price.'),
  scenario: z.discriminatedUnion('executor', [constant, ramping]),
  thresholds: z.partialRecord(z.enum(['http_req_duration', 'http_req_failed', 'no_bid_rate', 'dropped_iterations', 'http_reqs']), z.array(threshold).min(1)).default({}),
});

export type LoadScenario = z.output<typeof loadScenarioSchema> & {
  /** The payload file, absolute. */
  readonly payloadsPath: string;
  readonly file: string;
};

/**
 * Reads and validates a load scenario file (JSON).
 * @throws LoadError LOAD_SCENARIO naming the file and field.
 */
export async function loadLoadScenario(file: string): Promise<LoadScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new LoadError('LOAD_SCENARIO', `cannot read the load scenario: ${(e as Error).message}`, file);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LoadError('LOAD_SCENARIO', `not valid JSON: ${(e as Error).message}`, file);
  }
  const parsed = loadScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
    throw new LoadError('LOAD_SCENARIO', `${field || '(root)'}: ${issue.message}`, file);
  }
  return { ...parsed.data, payloadsPath: resolve(dirname(file), parsed.data.payloads), file };
}
