import { Ajv } from 'ajv';
import { z } from 'zod';
import { LOG_SCHEMA_VERSION, type AuctionLogRecord, type BadRecordCode } from './auction-log.js';
import { openRtbRequestSchema } from './openrtb-schema.js';

const time = z.number().min(0);
const cpm = z.number().min(0).max(1_000_000);
const name = z.string().min(1).max(256);

const postback = z.strictObject({
  kind: z.enum(['install', 'reengagement', 'purchase']),
  partner: name,
  eventId: name,
  attributed: z.enum(['click', 'view']),
  time,
  receivedAt: time,
  revenue: z.number().min(0).max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO-4217 code such as USD'),
  params: z.record(z.string(), z.string()).optional(),
});

/** The version-1 record, field by field; `validateLogRecord` adds the rules between fields. */
export const auctionLogRecordSchema = z.strictObject({
  schemaVersion: z.literal(LOG_SCHEMA_VERSION),
  opportunityId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  time,
  request: openRtbRequestSchema,
  decision: z.strictObject({
    bid: z.boolean(),
    priceCpm: cpm.nullable(),
    nbr: z.number().int().min(0).max(1_000).nullable(),
    propensity: z.number().gt(0).max(1).nullable(),
    policy: name.nullable(),
    campaignId: name.nullable(),
  }),
  market: z.strictObject({
    floorCpm: cpm.nullable(),
    clearingCpm: cpm.nullable(),
    minToWinCpm: cpm.nullable(),
    won: z.boolean(),
    paidCpm: cpm.nullable(),
  }),
  outcomes: z.strictObject({
    clickTime: time.nullable(),
    postbacks: z.array(postback).max(1_000),
  }),
});

/**
 * The schema compiled to a plain JavaScript check (ajv, from zod's own JSON Schema of it): a replay
 * checks every record, and zod's parse cost more than the rest of the replay together. zod stays
 * the one definition and names what is wrong when the check fails; a test holds both to the same
 * verdicts (test/io/log/record-schema-check.test.ts). Compiled on first use: a program that never
 * reads a log never pays for it.
 */
let conforms: ((value: unknown) => boolean) | undefined;

/** Compiles the check now (a few hundred milliseconds), e.g. while waiting on a network, rather than on the first record. */
export function prepareLogRecordCheck(): void {
  compiledCheck();
}

function compiledCheck(): (value: unknown) => boolean {
  conforms ??= new Ajv({ strict: false }).compile(z.toJSONSchema(auctionLogRecordSchema, { io: 'input', target: 'draft-7' }));
  return conforms;
}

export type LogValidation =
  | { readonly ok: true; readonly record: AuctionLogRecord }
  | { readonly ok: false; readonly code: BadRecordCode; readonly field: string | undefined; readonly reason: string };

/**
 * Checks a parsed JSON value against schema version 1: types and ranges, then the rules between
 * fields (a price exactly when it bid, a payment exactly when it won and not above its bid,
 * outcomes only after a win, nothing before the auction). Returns the first problem with the path
 * of the field to blame, never throws.
 */
export function validateLogRecord(value: unknown): LogValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad('LOG_FIELD', undefined, `expected a JSON object (a recorded auction), got ${kindOf(value)}`);
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== undefined && version !== LOG_SCHEMA_VERSION) {
    return bad('LOG_SCHEMA_VERSION', 'schemaVersion', `unknown schema version ${JSON.stringify(version)}: this bidlab reads version ${LOG_SCHEMA_VERSION}`);
  }
  if (compiledCheck()(value)) {
    const record = value as AuctionLogRecord;
    const problem = inconsistency(record);
    return problem ? bad('LOG_FIELD', problem[0], problem[1]) : { ok: true, record };
  }
  const parsed = auctionLogRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    return bad('LOG_FIELD', fieldPath(path), describeIssue(issue, value));
  }
  const record = parsed.data as unknown as AuctionLogRecord;
  const problem = inconsistency(record);
  return problem ? bad('LOG_FIELD', problem[0], problem[1]) : { ok: true, record };
}

function inconsistency(r: AuctionLogRecord): [field: string, reason: string] | undefined {
  const { decision: d, market: m, outcomes: o } = r;
  if (d.bid && d.priceCpm === null) return ['decision.priceCpm', 'missing: decision.bid is true'];
  if (!d.bid && d.priceCpm !== null) return ['decision.priceCpm', 'must be null: decision.bid is false'];
  if (d.bid && d.nbr !== null) return ['decision.nbr', 'must be null: decision.bid is true'];
  if (m.won && !d.bid) return ['market.won', 'true, but decision.bid is false'];
  if (m.won && m.paidCpm === null) return ['market.paidCpm', 'missing: market.won is true'];
  if (!m.won && m.paidCpm !== null) return ['market.paidCpm', 'must be null: market.won is false'];
  // A relative tolerance: prices pass through decimal text and currency conversions.
  if (m.paidCpm !== null && d.priceCpm !== null && m.paidCpm > d.priceCpm * (1 + 1e-9)) {
    return ['market.paidCpm', `${m.paidCpm} is above the bid of ${d.priceCpm}`];
  }
  if (!m.won && (o.clickTime !== null || o.postbacks.length > 0)) {
    return [o.clickTime !== null ? 'outcomes.clickTime' : 'outcomes.postbacks', 'outcomes are observed only on won impressions, and market.won is false'];
  }
  if (o.clickTime !== null && o.clickTime < r.time) return ['outcomes.clickTime', `${o.clickTime} is before the auction at ${r.time}`];
  for (let i = 0; i < o.postbacks.length; i++) {
    const p = o.postbacks[i]!;
    if (p.time < r.time) return [`outcomes.postbacks[${i}].time`, `${p.time} is before the auction at ${r.time}`];
    if (p.receivedAt < p.time) return [`outcomes.postbacks[${i}].receivedAt`, `${p.receivedAt} is before the conversion at ${p.time}`];
  }
  return undefined;
}

function bad(code: BadRecordCode, field: string | undefined, reason: string): LogValidation {
  return { ok: false, code, field, reason };
}

/** `request.imp[0].id` from zod's path. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string | undefined {
  if (path.length === 0) return undefined;
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  const value = valueAt(root, issue.path);
  if (value === undefined) return issue.code === 'invalid_type' ? `missing (expected ${issue.expected})` : `missing (${issue.message})`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${kindOf(value)}`;
  return issue.message;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
