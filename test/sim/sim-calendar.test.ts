import { describe, expect, it } from 'vitest';
import { SimCalendar, type Weekday } from '../../src/sim/index.js';
import { expectSimError } from './expect-sim-error.js';

const HOUR = 3600;
const DAY = 86_400;

describe('SimCalendar', () => {
  it('reads day index, hour of day and weekday from a midnight start', () => {
    const calendar = new SimCalendar({ startWeekday: 'friday' });
    expect(calendar.dayIndex(0)).toBe(0);
    expect(calendar.hourOfDay(0)).toBe(0);
    expect(calendar.weekday(0)).toBe('friday');
    expect(calendar.hourOfDay(DAY - 0.001)).toBe(23);
    expect(calendar.dayIndex(DAY - 0.001)).toBe(0);
    expect(calendar.dayIndex(DAY)).toBe(1);
    expect(calendar.weekday(DAY)).toBe('saturday');
    expect(calendar.weekday(3 * DAY + 5)).toBe('monday');
    expect(calendar.weekdayIndex(3 * DAY)).toBe(0);
    expect(calendar.hourOfDay(30 * DAY + 13 * HOUR + 59 * 60)).toBe(13);
    expect(calendar.secondOfDay(2 * DAY + 42.5)).toBe(42.5);
  });

  it('counts days from the start day when the scenario starts mid-day', () => {
    const calendar = new SimCalendar({ startWeekday: 'sunday', startSecondOfDay: 22 * HOUR });
    expect(calendar.hourOfDay(0)).toBe(22);
    expect(calendar.dayIndex(2 * HOUR - 1)).toBe(0);
    expect(calendar.dayIndex(2 * HOUR)).toBe(1);
    expect(calendar.weekday(2 * HOUR)).toBe('monday');
    expect(calendar.hourOfDay(2 * HOUR)).toBe(0);
    expect(calendar.dayStart(0)).toBe(-22 * HOUR);
    expect(calendar.dayStart(1)).toBe(2 * HOUR);
    expect(calendar.dayIndex(calendar.dayStart(5))).toBe(5);
  });

  it('cycles through the week', () => {
    const calendar = new SimCalendar({ startWeekday: 'wednesday' });
    const week = Array.from({ length: 8 }, (_, day) => calendar.weekday(day * DAY + HOUR));
    expect(week).toEqual(['wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'monday', 'tuesday', 'wednesday']);
  });

  it('rejects options and times it cannot read', () => {
    expectSimError(() => new SimCalendar({ startWeekday: 'funday' as Weekday }), 'SIM_BAD_OPTION');
    expectSimError(() => new SimCalendar({ startWeekday: 'monday', startSecondOfDay: DAY }), 'SIM_BAD_OPTION');
    expectSimError(() => new SimCalendar({ startWeekday: 'monday', startSecondOfDay: -1 }), 'SIM_BAD_OPTION');
    const calendar = new SimCalendar({ startWeekday: 'monday' });
    expectSimError(() => calendar.dayIndex(Number.NaN), 'SIM_BAD_TIME');
    expectSimError(() => calendar.dayStart(1.5), 'SIM_BAD_TIME');
  });
});
