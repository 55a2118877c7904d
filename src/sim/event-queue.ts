import { SimClock } from './sim-clock.js';
import { SimError } from './sim-error.js';

export interface EventQueueOptions {
  /** The clock that `pop` advances and that `push` checks against. Default: a new clock at 0. */
  clock?: SimClock;
  /** Events the queue holds before it first grows (it doubles when full). Default 1024. */
  initialCapacity?: number;
}

/**
 * A min-heap of events keyed by (time, priority, sequence), like SimPy's schedule: earlier time
 * first, then lower priority, then the order of pushing, so equal events come out FIFO and a run
 * is reproducible. Keys live in parallel typed arrays and sifting moves a hole instead of swapping,
 * so a push allocates nothing but, now and then, a doubling of the arrays.
 */
export class EventQueue<T> {
  readonly clock: SimClock;
  private times: Float64Array;
  private priorities: Float64Array;
  private sequences: Float64Array;
  private payloads: (T | undefined)[];
  private count = 0;
  private nextSequence = 0;

  constructor(options: EventQueueOptions = {}) {
    const capacity = options.initialCapacity ?? 1024;
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new SimError('SIM_BAD_OPTION', `initialCapacity must be a positive integer, got ${capacity}`, 'EventQueue');
    }
    this.clock = options.clock ?? new SimClock();
    this.times = new Float64Array(capacity);
    this.priorities = new Float64Array(capacity);
    this.sequences = new Float64Array(capacity);
    this.payloads = new Array<T | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** Schedules `payload` at `time` (not before the clock's now) with `priority` (lower goes first). */
  push(time: number, priority: number, payload: T): void {
    if (!(time >= this.clock.now && time < Infinity)) this.rejectTime(time);
    if (!Number.isFinite(priority)) {
      throw new SimError('SIM_BAD_PRIORITY', `priority must be a finite number, got ${priority}`, 'EventQueue.push');
    }
    if (this.count === this.times.length) this.grow();
    const sequence = this.nextSequence++;
    const { times, priorities, sequences, payloads } = this;
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && (priorities[parent] < priority || (priorities[parent] === priority && sequences[parent] < sequence)))) break;
      times[hole] = pt;
      priorities[hole] = priorities[parent];
      sequences[hole] = sequences[parent];
      payloads[hole] = payloads[parent];
      hole = parent;
    }
    times[hole] = time;
    priorities[hole] = priority;
    sequences[hole] = sequence;
    payloads[hole] = payload;
  }

  /** Removes the first event, advances the clock to its time and returns its payload. */
  pop(): T {
    if (this.count === 0) throw new SimError('SIM_QUEUE_EMPTY', 'pop from an empty event queue; check size or peekTime() first', 'EventQueue.pop');
    const { times, priorities, sequences, payloads } = this;
    const first = payloads[0] as T;
    this.clock.advanceTo(times[0]);
    const last = --this.count;
    const time = times[last];
    const priority = priorities[last];
    const sequence = sequences[last];
    const payload = payloads[last];
    payloads[last] = undefined;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && (times[right] < times[child] || (times[right] === times[child]
        && (priorities[right] < priorities[child] || (priorities[right] === priorities[child] && sequences[right] < sequences[child]))))) {
        child = right;
      }
      const ct = times[child];
      if (time < ct || (time === ct && (priority < priorities[child] || (priority === priorities[child] && sequence < sequences[child])))) break;
      times[hole] = ct;
      priorities[hole] = priorities[child];
      sequences[hole] = sequences[child];
      payloads[hole] = payloads[child];
      hole = child;
    }
    if (last > 0) {
      times[hole] = time;
      priorities[hole] = priority;
      sequences[hole] = sequence;
      payloads[hole] = payload;
    }
    return first;
  }

  /** The time of the next event, or Infinity when the queue is empty (as SimPy's peek). */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.times[0];
  }

  private rejectTime(time: number): never {
    if (time < this.clock.now) {
      throw new SimError('SIM_EVENT_IN_PAST', `cannot schedule an event at ${time} s, before the current time ${this.clock.now} s`, 'EventQueue.push');
    }
    throw new SimError('SIM_BAD_TIME', `an event time must be a finite number of seconds, got ${time}`, 'EventQueue.push');
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    this.times = times;
    const priorities = new Float64Array(capacity);
    priorities.set(this.priorities);
    this.priorities = priorities;
    const sequences = new Float64Array(capacity);
    sequences.set(this.sequences);
    this.sequences = sequences;
    this.payloads.length = capacity;
    this.payloads.fill(undefined, this.count);
  }
}
