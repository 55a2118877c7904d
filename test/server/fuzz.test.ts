import { Agent } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, send, startFixtureServer } from './bid-server-harness.js';
import { type Expect, hostileRequests } from './hostile-requests.js';

const MAX_BODY = 16_384;
const COUNT = 12_000;
const ALLOWED: Record<Expect, ReadonlyArray<number>> = { bad: [400], 'too-large': [413], good: [200, 204] };

const gc = (globalThis.gc ?? (setFlagsFromString('--expose-gc'), runInNewContext('gc'))) as () => void;
function heapAfterGc(): number {
  gc(); gc();
  return process.memoryUsage().heapUsed;
}

let harness: Harness;
beforeAll(async () => { harness = await startFixtureServer({ maxBodyBytes: MAX_BODY }); });
afterAll(() => harness.close());

/** Sends every body with `concurrency` keep-alive connections; returns the statuses in order. */
async function fire(bodies: ReadonlyArray<Buffer>, concurrency: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Array<number>(bodies.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const i = next++;
      statuses[i] = (await send(`${harness.url}/openrtb2/bid`, { body: bodies[i]!, agent })).status;
    }
  }));
  agent.destroy();
  return statuses;
}

describe('fuzz: hostile requests against a live server on loopback', () => {
  it(`answers ${COUNT} malformed or hostile requests as specified, never a 5xx, with memory flat after`, async () => {
    const cases = hostileRequests(20261129, COUNT, MAX_BODY);
    const kinds = new Set(cases.map((c) => c.kind.split(' ')[0]));
    expect(kinds.size).toBeGreaterThanOrEqual(14);
    // Warm up (JIT, pools, the ledger) before the baseline.
    await fire(cases.slice(0, 1000).map((c) => c.body), 16);
    const before = heapAfterGc();
    const statuses = await fire(cases.map((c) => c.body), 16);
    const after = heapAfterGc();

    const wrong = cases.flatMap((c, i) => {
      const s = statuses[i]!;
      // A 413 ends the connection while a large body may still be on its way: a reset instead of the status is allowed there only.
      const ok = ALLOWED[c.expect].includes(s) || (c.expect === 'too-large' && s === 0);
      return ok ? [] : [`#${i} ${c.kind}: expected ${ALLOWED[c.expect].join('/')}, got ${s}`];
    });
    expect({ count: wrong.length, first: wrong.slice(0, 20) }).toEqual({ count: 0, first: [] });
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(harness.server.metrics.outcome('error')).toBe(0);
    const tally = (e: Expect) => cases.filter((c) => c.expect === e).length;
    expect(Math.min(tally('bad'), tally('good'), tally('too-large'))).toBeGreaterThan(300);
    // Loose: nothing a request leaves behind may accumulate (12,000 leaked bodies would be tens of MB).
    expect((after - before) / 2 ** 20).toBeLessThan(8);
    // Still serving.
    expect((await send(`${harness.url}/healthz`)).status).toBe(200);
  });
});
