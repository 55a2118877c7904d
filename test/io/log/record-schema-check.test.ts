import { describe, expect, it } from 'vitest';
import { auctionLogRecordSchema, validateLogRecord } from '../../../src/domain/index.js';
import { bytesMayHoldPrototypeKey, mayHoldPrototypeKey } from '../../../src/domain/parse-json.js';
import { RandomStreams } from '../../../src/rng/index.js';
import { makeLogRecord } from './log-fixtures.js';

/** Replacement values a mutation puts at a random path: wrong types, out-of-range numbers, edge values. */
const JUNK: unknown[] = [null, -1, 0, 1, 1.5, 1e300, '', 'x', 'USD', true, false, [], {}, [1], { a: 1 }, 2_000_000, -0.0001];

function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    out.push([...prefix, key]);
    paths(v, [...prefix, key], out);
  }
  return out;
}

/** Valid records and thousands of one-field mutations of them: what the compiled check and zod must judge alike. */
function corpus(): unknown[] {
  const draws = new RandomStreams(11).stream('mutate').draws();
  const values: unknown[] = [];
  for (let i = 0; i < 3_000; i++) {
    const record = JSON.parse(JSON.stringify(makeLogRecord(i))) as Record<string, unknown>;
    values.push(JSON.parse(JSON.stringify(record)));
    const all = paths(record);
    const d = draws.reset(i, 0);
    const path = all[Math.floor(d.nextDouble() * all.length)]!;
    let target: Record<string | number, unknown> = record;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    const op = d.nextDouble();
    if (op < 0.2) delete target[last];
    else if (op < 0.3) target[`${String(last)}Extra`] = 1;
    else target[last] = JUNK[Math.floor(d.nextDouble() * JUNK.length)];
    values.push(record);
  }
  return values;
}

describe('the compiled log-record check', () => {
  it('judges every value as the zod schema does', () => {
    const values = corpus();
    const disagreements = values.filter((v) => validateLogRecord(v).ok !== (auctionLogRecordSchema.safeParse(v).success && validateLogRecord(structuredClone(v)).ok));
    expect(disagreements.slice(0, 3)).toEqual([]);
    const zodOk = values.filter((v) => auctionLogRecordSchema.safeParse(v).success).length;
    expect(zodOk).toBeGreaterThan(3_000);
    expect(values.length - zodOk).toBeGreaterThan(1_000);
  });

  it('counts a string\'s length as zod does, in code points', () => {
    const r = JSON.parse(JSON.stringify(makeLogRecord(2))) as { decision: { policy: string } };
    // 200 code points, 400 UTF-16 units: within the limit of 256.
    r.decision.policy = '\u{1F600}'.repeat(200);
    expect(auctionLogRecordSchema.safeParse(r).success).toBe(true);
    expect(validateLogRecord(r).ok).toBe(true);
    r.decision.policy = '\u{1F600}'.repeat(257);
    expect(auctionLogRecordSchema.safeParse(r).success).toBe(false);
    expect(validateLogRecord(r)).toMatchObject({ ok: false, code: 'LOG_FIELD', field: 'decision.policy' });
  });

  it('still names the field to blame when the check fails', () => {
    const r = JSON.parse(JSON.stringify(makeLogRecord(4))) as { market: { paidCpm: unknown } };
    r.market.paidCpm = 'cheap';
    expect(validateLogRecord(r)).toMatchObject({ ok: false, code: 'LOG_FIELD', field: 'market.paidCpm' });
  });
});

describe('prototype keys', () => {
  it('are refused however they are spelled, escaped ones included', async () => {
    const { decodeLogRecord } = await import('../../../src/io/log/index.js');
    const position = { kind: 'ndjson', path: 'log.ndjson', line: 3 } as const;
    const text = JSON.stringify(makeLogRecord(1));
    for (const key of ['__proto__', '\\u005f\\u005fproto__', 'constructor']) {
      const hostile = text.replace('"request":{', `"request":{"${key}":{"prototype":{"polluted":1}},`);
      expect(decodeLogRecord(hostile, position)).toMatchObject({ kind: 'bad', code: 'LOG_JSON' });
    }
    expect(decodeLogRecord(text.replace('"id":"req-1"', '"id":"req-\\u0031"'), position)).toMatchObject({ kind: 'record' });
  });

  it('are screened on UTF-8 bytes as on text, texts side by side in one buffer', () => {
    const texts = ['{"a":"é€😀"}', '{"__proto__":{}}', '', '{"b":"ü","constructor":{"prototype":{}}}', '{"c":"\\u0041"}', '{"d":1}', '{"e":"__pro', 'to__"}', '{"f":"ok"}'];
    const encoded = texts.map((t) => Buffer.from(t, 'utf8'));
    const screened = bytesMayHoldPrototypeKey(Buffer.concat(encoded), encoded.map((b) => b.length));
    texts.forEach((text, i) => {
      if (mayHoldPrototypeKey(text)) expect(screened[i]).toBe(1);
    });
    // Only a word split across two neighbours marks more than the text test does.
    expect([...screened]).toEqual([0, 1, 0, 1, 1, 0, 1, 1, 0]);
  });
});
