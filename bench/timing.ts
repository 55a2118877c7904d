import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Best-of-`repeat` milliseconds of `pass`, which returns a value so the work it does cannot be
 * optimised away.
 */
export function bestMs(pass: () => number, repeat: number): number {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    sink += pass();
    best = Math.min(best, performance.now() - t);
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the sink alive');
  return best;
}

/** Heap bytes allocated per operation of `pass` (already warmed up), from heapUsed around one pass after a full GC. */
export function bytesPerOp(ops: number, pass: () => number): number {
  const gc = globalThis.gc ?? (setFlagsFromString('--expose-gc'), runInNewContext('gc') as () => void);
  gc();
  const before = process.memoryUsage().heapUsed;
  pass();
  return Math.round(((process.memoryUsage().heapUsed - before) / ops) * 100) / 100;
}
