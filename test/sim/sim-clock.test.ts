import { describe, expect, it } from 'vitest';
import { SimClock } from '../../src/sim/index.js';
import { expectSimError } from './expect-sim-error.js';

describe('SimClock', () => {
  it('starts at 0 or at the given time and moves forward, or stays', () => {
    expect(new SimClock().now).toBe(0);
    const clock = new SimClock(3.5);
    clock.advanceTo(3.5);
    clock.advanceTo(86_400.25);
    expect(clock.now).toBe(86_400.25);
  });

  it('refuses to go back, naming both times', () => {
    const clock = new SimClock();
    clock.advanceTo(120);
    const error = expectSimError(() => clock.advanceTo(119.75), 'SIM_TIME_BACKWARDS');
    expect(error.message).toContain('120');
    expect(error.message).toContain('119.75');
    expect(error.where).toBe('SimClock.advanceTo');
    expect(clock.now).toBe(120);
  });

  it('refuses times that are not finite numbers', () => {
    const clock = new SimClock();
    for (const time of [Number.NaN, Infinity]) expectSimError(() => clock.advanceTo(time), 'SIM_BAD_TIME');
    expectSimError(() => new SimClock(Number.NaN), 'SIM_BAD_TIME');
    expect(clock.now).toBe(0);
  });
});
