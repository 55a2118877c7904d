import { SimError } from './sim-error.js';

/**
 * Simulated time in seconds since the scenario start, as a double. It only moves forward: a source
 * whose timestamps go back, or an event scheduled before it, is a bug that must not pass unnoticed.
 */
export class SimClock {
  private current: number;

  constructor(start = 0) {
    if (!Number.isFinite(start)) throw new SimError('SIM_BAD_TIME', `the start time must be a finite number of seconds, got ${start}`, 'SimClock');
    this.current = start;
  }

  get now(): number {
    return this.current;
  }

  /** Moves the clock to `time`; staying put is allowed, going back is `SIM_TIME_BACKWARDS`. */
  advanceTo(time: number): void {
    if (time >= this.current && time < Infinity) {
      this.current = time;
      return;
    }
    if (time < this.current) {
      throw new SimError('SIM_TIME_BACKWARDS', `cannot move simulated time back from ${this.current} s to ${time} s`, 'SimClock.advanceTo');
    }
    throw new SimError('SIM_BAD_TIME', `simulated time must be a finite number of seconds, got ${time}`, 'SimClock.advanceTo');
  }
}
