/**
 * Nanoseconds per event of src/sim's EventQueue (parallel typed arrays, sifting a hole) against a
 * baseline binary heap of small { time, priority, sequence, payload } objects, measured in the
 * same run on the same times: the classic "hold" model (pop the first event, push one a random
 * delay later) at several queue sizes, and filling then draining a million events.
 *
 *     npx tsx bench/event-queue.ts     prints JSON
 */
import { pathToFileURL } from 'node:url';
import { describeMachine } from './machine.js';
import { exponential, RandomStreams } from '../src/rng/index.js';
import { EventQueue } from '../src/sim/index.js';

interface Entry<T> { time: number; priority: number; sequence: number; payload: T }

/** The straightforward alternative: one object per event, swapped up and down the heap. */
class ObjectHeap<T> {
  private readonly heap: Entry<T>[] = [];
  private sequence = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, priority: number, payload: T): void {
    const heap = this.heap;
    heap.push({ time, priority, sequence: this.sequence++, payload });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  peekTime(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0].time;
  }

  pop(): T {
    const heap = this.heap;
    const first = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return first.payload;
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.time < b.time || (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.sequence < b.sequence)));
}

interface Queue { size: number; push(time: number, priority: number, payload: number): void; pop(): number; peekTime(): number }

function best(repeat: number, pass: () => void): number {
  let ms = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    pass();
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

export async function benchEventQueue(): Promise<Record<string, unknown>> {
  const source = new RandomStreams(7).stream('bench/event-queue').sequence();
  const delays = new Float64Array(1 << 20);
  for (let i = 0; i < delays.length; i++) delays[i] = exponential(source, 1);
  const mask = delays.length - 1;

  const hold = (make: () => Queue, size: number, ops: number) => {
    const ms = best(5, () => {
      const queue = make();
      for (let i = 0; i < size; i++) queue.push(delays[i & mask], i & 3, i);
      for (let i = 0; i < ops; i++) {
        const now = queue.peekTime();
        const payload = queue.pop();
        queue.push(now + delays[i & mask], i & 3, payload);
      }
    });
    return Math.round((ms * 1e6 * 100) / (size + ops)) / 100;
  };
  const fillDrain = (make: () => Queue, n: number) => {
    const ms = best(3, () => {
      const queue = make();
      for (let i = 0; i < n; i++) queue.push(delays[i & mask] * 1000, i & 3, i);
      while (queue.size > 0) queue.pop();
    });
    return Math.round((ms * 1e6 * 100) / n) / 100;
  };

  const typed = () => new EventQueue<number>({ initialCapacity: 1024 });
  const objects = () => new ObjectHeap<number>();
  const result: Record<string, unknown> = { unit: 'ns per event (push + pop), best of runs' };
  for (const size of [1_000, 100_000, 1_000_000]) {
    const ops = 2_000_000;
    const eventQueue = hold(typed, size, ops);
    const objectHeap = hold(objects, size, ops);
    result[`hold${size}`] = { eventQueue, objectHeap, ratio: Math.round((eventQueue / objectHeap) * 100) / 100 };
  }
  const eventQueue = fillDrain(typed, 1_000_000);
  const objectHeap = fillDrain(objects, 1_000_000);
  result.fillDrain1e6 = { eventQueue, objectHeap, ratio: Math.round((eventQueue / objectHeap) * 100) / 100 };
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = { bench: 'event-queue', machine: describeMachine(), ...(await benchEventQueue()) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
