import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Draws, RandomStreams, uniformInt } from '../../src/rng/index.js';
import { FIXTURES } from './bid-server-harness.js';

/** What the server must answer: 'bad' a 400, 'too-large' a 413, 'good' a 200 or 204. */
export type Expect = 'bad' | 'too-large' | 'good';

export interface Hostile {
  readonly kind: string;
  readonly body: Buffer;
  readonly expect: Expect;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Valid requests to start from: the exemplary fixture specs. */
function seeds(): Record<string, Json>[] {
  const dir = join(FIXTURES, 'exemplary');
  return ['bid-banner', 'bid-rewarded-video', 'bid-native-no-floor', 'no-bid-unknown-user', 'multi-imp-first-imp']
    .map((n) => JSON.parse(readFileSync(join(dir, `${n}.json`), 'utf8')).request);
}

/** Known fields and their JSON type: a value of any other type is a 400. */
const TYPED_FIELDS: ReadonlyArray<[string[], 'string' | 'number' | 'array' | 'object' | 'flag']> = [
  [['id'], 'string'], [['imp'], 'array'], [['imp', '0'], 'object'], [['imp', '0', 'id'], 'string'], [['imp', '0', 'bidfloor'], 'number'],
  [['imp', '0', 'instl'], 'flag'], [['imp', '0', 'banner'], 'object'], [['app'], 'object'], [['app', 'cat'], 'array'], [['app', 'bundle'], 'string'],
  [['device'], 'object'], [['device', 'ifa'], 'string'], [['device', 'geo'], 'object'], [['device', 'geo', 'country'], 'string'],
  [['tmax'], 'number'], [['cur'], 'array'], [['at'], 'number'],
];
const WRONG: Record<string, Json[]> = {
  string: [1, 0, -1.5, true, null, [], {}, ['x']],
  number: ['1', '', true, null, [], {}, [1], 'NaN'],
  array: ['x', 1, true, null, {}, { 0: 'a' }],
  object: ['x', 1, true, null, [], [{}]],
  flag: [2, -1, 0.5, '1', true, null, []],
};
const UNICODE = ['é', '😀', '中文', '\u202e', '\u0000', '\ufeff', '\ud800', '\udfff', 'Z\u0351\u0363', '\u2028', '"', '\\', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢'];

function pick<T>(d: Draws, list: ReadonlyArray<T>): T {
  return list[uniformInt(d, 0, list.length - 1)]!;
}

function setPath(root: Record<string, Json>, path: string[], value: Json | undefined): boolean {
  let node: Json = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, Json>)[key] ?? null;
  }
  if (node === null || typeof node !== 'object') return false;
  const last = path.at(-1)!;
  if (value === undefined) delete (node as Record<string, Json>)[last];
  else (node as Record<string, Json>)[last] = value;
  return true;
}

function unicodeString(d: Draws, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += d.nextDouble() < 0.5 ? pick(d, UNICODE) : String.fromCharCode(uniformInt(d, 0x20, 0x7e));
  return s;
}

function nested(depth: number, object: boolean): string {
  return object ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

const text = (s: string) => Buffer.from(s, 'utf8');

/**
 * `count` malformed or hostile request bodies (and some valid ones), from Philox draws of
 * `seed`: the same seed gives the same bodies. `maxBody` is the server's body limit.
 */
export function hostileRequests(seed: number, count: number, maxBody: number): Hostile[] {
  const d = new RandomStreams(seed).stream('fuzz').sequence();
  const base = seeds();
  const fresh = () => structuredClone(pick(d, base));
  const makers: Array<() => Hostile> = [
    () => ({ kind: 'valid', body: text(JSON.stringify(fresh())), expect: 'good' }),
    () => {
      const s = JSON.stringify(fresh());
      return { kind: 'truncated', body: text(s.slice(0, uniformInt(d, 0, s.length - 1))), expect: 'bad' };
    },
    () => {
      const r = fresh();
      const [path, type] = pick(d, TYPED_FIELDS);
      return setPath(r, path, pick(d, WRONG[type]!)) ? { kind: `wrong-type ${path.join('.')}`, body: text(JSON.stringify(r)), expect: 'bad' }
        : { kind: 'valid', body: text(JSON.stringify(r)), expect: 'good' };
    },
    () => {
      const r = fresh();
      const n = uniformInt(d, 65, 3000);
      if (d.nextDouble() < 0.5) r.imp = Array.from({ length: n }, (_, i) => ({ id: String(i) }));
      else (r.app as Record<string, Json>).cat = Array.from({ length: n + 200 }, () => 'IAB9');
      const body = text(JSON.stringify(r));
      return { kind: 'huge-array', body, expect: body.length > maxBody ? 'too-large' : 'bad' };
    },
    () => {
      const r = fresh();
      const depth = uniformInt(d, 100, Math.floor(maxBody / 8));
      const inKnownField = d.nextDouble() < 0.5;
      const s = JSON.stringify(r);
      // A deep object is still an object (a banner may carry unknown keys): in a known field only arrays are wrong.
      const deep = nested(depth, !inKnownField && d.nextDouble() < 0.5);
      const body = inKnownField ? s.replace('"banner":', `"banner":${deep},"banner2":`) : `${s.slice(0, -1)},"ext":${deep}}`;
      const known = inKnownField && s.includes('"banner":');
      return { kind: known ? 'deep-known' : 'deep-ext', body: text(body), expect: Buffer.byteLength(body) > maxBody ? 'too-large' : known ? 'bad' : 'good' };
    },
    () => {
      const r = fresh();
      r.id = unicodeString(d, uniformInt(d, 1, 40));
      setPath(r, ['imp', '0', 'id'], unicodeString(d, uniformInt(d, 1, 20)));
      setPath(r, ['device', 'ifa'], unicodeString(d, uniformInt(d, 1, 60)));
      return { kind: 'unicode', body: text(JSON.stringify(r)), expect: 'good' };
    },
    () => {
      // Bytes that are not UTF-8 inside a string: decoded as U+FFFD, still a valid request.
      const s = JSON.stringify(fresh()).replace('"id":"', '"id":"\u0001');
      const body = text(s);
      body[body.indexOf(1)] = 0xff;
      return { kind: 'invalid-utf8', body, expect: 'good' };
    },
    () => {
      const r = fresh();
      r.padding = 'x'.repeat(maxBody + uniformInt(d, 1, 4 * maxBody));
      return { kind: 'oversized', body: text(JSON.stringify(r)), expect: 'too-large' };
    },
    () => {
      const r = fresh();
      const path = pick(d, [['id'], ['imp'], ['imp', '0', 'id']]);
      setPath(r, path, undefined);
      return { kind: `missing ${path.join('.')}`, body: text(JSON.stringify(r)), expect: 'bad' };
    },
    () => {
      const r = fresh();
      const imps = r.imp as Json[];
      const n = uniformInt(d, 2, 10);
      r.imp = Array.from({ length: n }, () => structuredClone(imps[0]!));
      return { kind: 'duplicate-imp-ids', body: text(JSON.stringify(r)), expect: 'bad' };
    },
    () => {
      const s = JSON.stringify(fresh());
      const key = pick(d, ['"__proto__":{"x":1}', '"__proto__":null', '"constructor":{"prototype":{"x":1}}', '"\\u005f_proto__":{"x":1}']);
      const where = d.nextDouble() < 0.5 ? s.replace('"device":{', `"device":{${key},`) : `${s.slice(0, -1)},${key}}`;
      return { kind: 'proto', body: text(where), expect: 'bad' };
    },
    () => ({ kind: 'not-object', body: text(pick(d, ['1', '"x"', 'true', 'null', '[]', '[{"id":"1"}]', '-0', '1e999'])), expect: 'bad' }),
    () => {
      const n = uniformInt(d, 1, 512);
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = uniformInt(d, 0, 255);
      // A lone digit is valid JSON but not an object: still a 400.
      return { kind: 'random-bytes', body: b, expect: 'bad' };
    },
    () => {
      const r = fresh();
      r.id = 'x'.repeat(uniformInt(d, 257, 4000));
      return { kind: 'long-id', body: text(JSON.stringify(r)), expect: 'bad' };
    },
  ];
  return Array.from({ length: count }, () => pick(d, makers)());
}
