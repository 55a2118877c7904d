import { SimError } from './sim-error.js';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86400;

export interface SimCalendarOptions {
  /** The weekday of simulated day 0. */
  startWeekday: Weekday;
  /** Seconds after midnight at which the scenario starts (time 0). Default 0: it starts at midnight. */
  startSecondOfDay?: number;
}

/**
 * Reads simulated time (seconds since the scenario start) as a day index, hour of day and weekday
 * for pacing and daily budgets. Days are whole 86 400 s: simulated time has no time zones or
 * daylight saving. Day 0 is the day the scenario starts in, and begins at -startSecondOfDay.
 */
export class SimCalendar {
  readonly startWeekday: Weekday;
  readonly startSecondOfDay: number;
  private readonly startWeekdayIndex: number;

  constructor(options: SimCalendarOptions) {
    const { startWeekday, startSecondOfDay = 0 } = options;
    this.startWeekdayIndex = WEEKDAYS.indexOf(startWeekday);
    if (this.startWeekdayIndex < 0) {
      throw new SimError('SIM_BAD_OPTION', `startWeekday must be one of ${WEEKDAYS.join(', ')}, got ${JSON.stringify(startWeekday)}`, 'SimCalendar');
    }
    if (!(startSecondOfDay >= 0 && startSecondOfDay < SECONDS_PER_DAY)) {
      throw new SimError('SIM_BAD_OPTION', `startSecondOfDay must be in [0, 86400), got ${startSecondOfDay}`, 'SimCalendar');
    }
    this.startWeekday = startWeekday;
    this.startSecondOfDay = startSecondOfDay;
  }

  /** The simulated day that `time` falls in: 0 for the start day, 1 for the next, ... */
  dayIndex(time: number): number {
    return Math.floor(this.sinceMidnightOfDay0(time) / SECONDS_PER_DAY);
  }

  /** Seconds since the midnight that began the day of `time`, in [0, 86400). */
  secondOfDay(time: number): number {
    const t = this.sinceMidnightOfDay0(time);
    return t - Math.floor(t / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  }

  /** The hour of day of `time`, an integer in 0..23. */
  hourOfDay(time: number): number {
    return Math.floor(this.secondOfDay(time) / SECONDS_PER_HOUR);
  }

  /** The index of the weekday of `time`, 0 for Monday to 6 for Sunday (ISO 8601 order). */
  weekdayIndex(time: number): number {
    return (((this.startWeekdayIndex + this.dayIndex(time)) % 7) + 7) % 7;
  }

  weekday(time: number): Weekday {
    return WEEKDAYS[this.weekdayIndex(time)];
  }

  /** The simulated time at which day `day` begins (negative for day 0 unless the start is at midnight). */
  dayStart(day: number): number {
    if (!Number.isSafeInteger(day)) throw new SimError('SIM_BAD_TIME', `a day index must be an integer, got ${day}`, 'SimCalendar.dayStart');
    return day * SECONDS_PER_DAY - this.startSecondOfDay;
  }

  private sinceMidnightOfDay0(time: number): number {
    if (!Number.isFinite(time)) throw new SimError('SIM_BAD_TIME', `simulated time must be a finite number of seconds, got ${time}`, 'SimCalendar');
    return time + this.startSecondOfDay;
  }
}
