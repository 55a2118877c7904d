import { SECONDS_PER_HOUR, SimCalendar, WEEKDAYS } from '../sim/index.js';
import type { Scenario } from '../scenario/index.js';
import { weekdayOfIsoDate } from './civil-date.js';

/**
 * When each opportunity happens. Time 0 is midnight of traffic.startDate. Day d expects
 * requestsPerDay × weekly[weekday] / mean(weekly) requests, spread over its hours by the daily
 * pattern; the expected counts of the (day, hour) buckets are rounded cumulatively, so each
 * bucket's count is within one of its expectation and the total is the rounded sum
 * (days × requestsPerDay for a whole number of weeks or a flat week). Opportunity i, the k-th of
 * the n in its bucket, happens at bucketStart + 3600·(k + u_i)/n with u_i uniform: jittered
 * stratification, so times are non-decreasing in i while each still comes from a keyed draw.
 * The world has no time zones: the daily pattern applies to the simulated clock.
 */
export class TrafficSchedule {
  readonly calendar: SimCalendar;
  /** First opportunity id of each hour bucket; bucketStart[buckets] is the total. */
  readonly bucketStart: Float64Array;
  readonly buckets: number;
  readonly total: number;

  constructor(scenario: Scenario) {
    const { traffic } = scenario;
    this.calendar = new SimCalendar({ startWeekday: WEEKDAYS[weekdayOfIsoDate(traffic.startDate)] });
    const weekly = traffic.weeklyPattern;
    const weeklyMean = weekly.reduce((s, w) => s + w, 0) / 7;
    const daily = traffic.dailyPattern;
    const dailySum = daily.reduce((s, w) => s + w, 0);
    this.buckets = traffic.days * 24;
    this.bucketStart = new Float64Array(this.buckets + 1);
    let expected = 0;
    for (let day = 0; day < traffic.days; day++) {
      const dayExpected = (traffic.requestsPerDay * weekly[this.calendar.weekdayIndex(this.calendar.dayStart(day))]) / weeklyMean;
      for (let hour = 0; hour < 24; hour++) {
        expected += (dayExpected * daily[hour]) / dailySum;
        this.bucketStart[day * 24 + hour + 1] = Math.round(expected);
      }
    }
    this.total = this.bucketStart[this.buckets];
  }

  /** Simulated start second of bucket `b`. */
  bucketTime(b: number): number {
    return b * SECONDS_PER_HOUR;
  }
}
