import { describe, expect, it } from 'vitest';
import { RandomStreams, uniformInt } from '../../src/rng/index.js';
import { EventQueue, SimClock } from '../../src/sim/index.js';
import { expectSimError } from './expect-sim-error.js';

function drain<T>(queue: EventQueue<T>): T[] {
  const out: T[] = [];
  while (queue.size > 0) out.push(queue.pop());
  return out;
}

describe('EventQueue', () => {
  it('pops by time, then priority, then the order of pushing', () => {
    const queue = new EventQueue<string>();
    queue.push(5, 1, 'c');
    queue.push(2, 1, 'a');
    queue.push(5, 0, 'b');
    queue.push(5, 1, 'd');
    queue.push(9, -3, 'f');
    queue.push(5, 1, 'e');
    expect(queue.size).toBe(6);
    expect(queue.peekTime()).toBe(2);
    expect(drain(queue)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(queue.size).toBe(0);
    expect(queue.peekTime()).toBe(Infinity);
  });

  it('keeps equal events first in, first out, across growth', () => {
    const queue = new EventQueue<number>({ initialCapacity: 1 });
    for (let i = 0; i < 1000; i++) queue.push(1, 0, i);
    expect(drain(queue)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('advances its clock to each popped event', () => {
    const clock = new SimClock(10);
    const queue = new EventQueue<string>({ clock });
    queue.push(12.5, 0, 'x');
    queue.push(10, 0, 'now');
    expect(queue.pop()).toBe('now');
    expect(clock.now).toBe(10);
    expect(queue.pop()).toBe('x');
    expect(clock.now).toBe(12.5);
  });

  it('pops what a sorted list would, through 100 000 random pushes and pops, interleaved', () => {
    type Event = { time: number; priority: number; order: number };
    const before = (a: Event, b: Event) => a.time < b.time || (a.time === b.time
      && (a.priority < b.priority || (a.priority === b.priority && a.order < b.order)));
    const source = new RandomStreams(11).stream('test/event-queue').sequence();
    const queue = new EventQueue<Event>({ initialCapacity: 4 });
    const pending: Event[] = [];
    let mismatches = 0;
    let popped = 0;
    const take = () => {
      let first = 0;
      for (let i = 1; i < pending.length; i++) if (before(pending[i], pending[first])) first = i;
      const expected = pending.splice(first, 1)[0];
      if (queue.pop() !== expected || queue.clock.now !== expected.time) mismatches++;
      popped++;
    };
    for (let order = 0; order < 100_000; order++) {
      // Coarse times and three priorities, so ties on both are common.
      const event = { time: queue.clock.now + uniformInt(source, 0, 50) / 4, priority: uniformInt(source, 0, 2), order };
      queue.push(event.time, event.priority, event);
      pending.push(event);
      for (let k = uniformInt(source, 0, 2); k > 0 && queue.size > 0; k--) take();
    }
    while (queue.size > 0) take();
    expect(pending.length).toBe(0);
    expect(popped).toBe(100_000);
    expect(mismatches).toBe(0);
  });

  it('refuses an event before the current time, naming both times', () => {
    const queue = new EventQueue<string>({ clock: new SimClock(100) });
    const error = expectSimError(() => queue.push(99.5, 0, 'late'), 'SIM_EVENT_IN_PAST');
    expect(error.message).toContain('99.5');
    expect(error.message).toContain('100');
    expect(queue.size).toBe(0);
  });

  it('refuses times and priorities that are not finite numbers', () => {
    const queue = new EventQueue<string>();
    for (const time of [Number.NaN, Infinity]) expectSimError(() => queue.push(time, 0, 'x'), 'SIM_BAD_TIME');
    for (const priority of [Number.NaN, -Infinity]) expectSimError(() => queue.push(1, priority, 'x'), 'SIM_BAD_PRIORITY');
    expect(queue.size).toBe(0);
  });

  it('refuses to pop when empty', () => {
    expectSimError(() => new EventQueue<string>().pop(), 'SIM_QUEUE_EMPTY');
  });

  it('does not pop an event its clock has already passed, and keeps it queued', () => {
    const clock = new SimClock();
    const queue = new EventQueue<string>({ clock });
    queue.push(5, 0, 'missed');
    clock.advanceTo(6);
    expectSimError(() => queue.pop(), 'SIM_TIME_BACKWARDS');
    expect(queue.size).toBe(1);
  });

  it('rejects an initial capacity that is not a positive integer', () => {
    for (const initialCapacity of [0, 1.5, -1]) expectSimError(() => new EventQueue({ initialCapacity }), 'SIM_BAD_OPTION');
  });
});
