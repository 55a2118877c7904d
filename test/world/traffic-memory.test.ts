import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { shipped, world } from './world-fixtures.js';

/** The global gc, exposed for this process if node was not started with --expose-gc. */
function collector(): () => void {
  if (globalThis.gc) return globalThis.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('streaming campaign-4m', () => {
  it('does not hold the opportunities it has yielded: the heap stays flat over 1M of them', async () => {
    const gc = collector();
    const { stream } = world(await shipped('campaign-4m'));
    // Warm up the lazily built shared parts (app and geo objects) before the baseline.
    for (let i = 0; i < 100_000; i++) stream.nextItem();
    gc();
    const before = process.memoryUsage().heapUsed;
    let floors = 0;
    for (let i = 0; i < 1_000_000; i++) floors += stream.nextItem()!.opportunity.request.imp[0].bidfloor ?? 0;
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(floors).toBeGreaterThan(0);
    // Holding 1M opportunities would take well over 500 MB; the stream itself holds nothing per item.
    expect(grown).toBeLessThan(16 * 2 ** 20);
  });
});
