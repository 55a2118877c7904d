import { describe, expect, it } from 'vitest';
import { bidRequestSchema, conformsToRequestSchema, parseBidRequest, ServerError } from '../../src/server/index.js';
import { hostileRequests } from './hostile-requests.js';

const BASE = { id: 'r', imp: [{ id: '1', banner: { w: 320, h: 50 }, bidfloor: 0.5 }], app: { bundle: 'b', cat: ['IAB9'] }, device: { ifa: 'x', geo: { country: 'USA', lat: 10 } }, tmax: 100 };

/** Values the compiled check and zod must judge alike: the fuzz corpus that parses as JSON, and edge values of the rules. */
function corpus(): unknown[] {
  const values: unknown[] = [];
  for (const c of hostileRequests(77, 4000, 16_384)) {
    try { values.push(JSON.parse(c.body.toString('utf8'))); } catch { /* not JSON: never reaches the schema */ }
  }
  const edge: Array<Record<string, unknown>> = [
    { tmax: 60_000 }, { tmax: 60_001 }, { tmax: 1.5 }, { tmax: 1e300 }, { at: 2.5 }, { at: 0 }, { at: 501 }, { cur: [] }, { cur: ['USD', 1] },
    { imp: [{ id: '1', bidfloor: -0.01 }] }, { imp: [{ id: '1', bidfloor: 1_000_000 }] }, { imp: [{ id: '1', bidfloor: 1_000_000.5 }] },
    { imp: [{ id: '1', instl: 1.0 }] }, { imp: [{ id: '1', instl: true }] }, { imp: [{ id: '1', video: [] }] }, { imp: [{ id: '1', native: null }] },
    { imp: [{ id: '1', banner: { w: -1 } }] }, { imp: [{ id: '1', banner: { format: [{ w: 1 }] } }] }, { imp: [{ id: '' }] },
    { device: { geo: { lat: 90.0001 } } }, { device: { geo: { lon: -180 } } }, { device: { lmt: 2 } }, { device: { ua: 'u'.repeat(4097) } },
    { app: { cat: 'IAB1' } }, { app: { publisher: [] } }, { regs: { gdpr: '1' } }, { source: { schain: 'x', ext: [1] } }, { user: null },
    { id: 'x'.repeat(256) }, { id: 'x'.repeat(257) }, { id: 7 }, { imp: Array.from({ length: 64 }, (_, i) => ({ id: String(i) })) },
    { imp: Array.from({ length: 65 }, (_, i) => ({ id: String(i) })) }, { extra: { anything: [1, { deep: true }] } },
  ];
  for (const e of edge) values.push({ ...BASE, ...e });
  return values;
}

describe('the compiled request check', () => {
  it('judges every value as the zod schema does', () => {
    const values = corpus();
    const disagreements = values.filter((v) => conformsToRequestSchema(v) !== bidRequestSchema.safeParse(v).success);
    expect(disagreements.slice(0, 5)).toEqual([]);
    const accepted = values.filter((v) => conformsToRequestSchema(v)).length;
    expect(accepted).toBeGreaterThan(500);
    expect(values.length - accepted).toBeGreaterThan(500);
  });

  it('counts string lengths in code points, as zod does', () => {
    for (const [n, ok] of [[256, true], [257, false]] as const) {
      const id = '😀'.repeat(n);
      expect(conformsToRequestSchema({ ...BASE, id })).toBe(ok);
      expect(bidRequestSchema.safeParse({ ...BASE, id }).success).toBe(ok);
    }
  });

  it('keeps fields it does not read, and reports the first problem with its field', () => {
    expect(parseBidRequest(JSON.stringify({ ...BASE, ext: { a: 1 } }))).toMatchObject({ ext: { a: 1 } });
    const error = (() => { try { parseBidRequest(JSON.stringify({ ...BASE, device: { geo: { lat: 91 } } })); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).where).toBe('device.geo.lat');
  });
});
