import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/rng/index.js';
import { DAILY_PATTERNS, WEEKLY_PATTERNS, type Scenario } from '../../src/scenario/index.js';
import { IfaSource, OS_NAMES, TrafficSchedule, type TrafficItem } from '../../src/world/index.js';
import { shipped, small, take, world, type World } from './world-fixtures.js';

const Z = 5;
/** |observed share − p| within Z binomial standard errors. */
function expectShare(hits: number, n: number, p: number, what: string): void {
  expect(Math.abs(hits / n - p), `${what}: ${hits}/${n} vs ${p}`).toBeLessThanOrEqual(Z * Math.sqrt((p * (1 - p)) / n) + 1e-12);
}

describe('the quickstart traffic', () => {
  let scenario: Scenario;
  let w: World;
  let items: TrafficItem[];
  beforeAll(async () => {
    scenario = await shipped('quickstart');
    w = world(scenario);
    items = take(w.stream, Infinity);
  });

  it('has requestsPerDay items, ids 0, 1, 2, … and non-decreasing times inside the simulated day', () => {
    expect(w.stream.total).toBe(200_000);
    expect(items).toHaveLength(200_000);
    let previous = 0;
    items.forEach(({ opportunity }, i) => {
      if (opportunity.id !== i || opportunity.request.id !== String(i)) throw new Error(`item ${i} has id ${opportunity.id}`);
      if (!(opportunity.time >= previous && opportunity.time < 86_400)) throw new Error(`item ${i} at ${opportunity.time} after ${previous}`);
      previous = opportunity.time;
    });
    expect(w.stream.nextItem()).toBeUndefined();
    expect(w.stream.next()).toEqual({ done: true, value: undefined });
  });

  it('follows the mobile daily pattern hour by hour', () => {
    const hours = new Array<number>(24).fill(0);
    for (const { opportunity } of items) hours[Math.floor(opportunity.time / 3600)]++;
    const weights = DAILY_PATTERNS.mobile;
    const sum = weights.reduce((a, b) => a + b, 0);
    hours.forEach((count, h) => expect(Math.abs(count - (200_000 * weights[h]) / sum), `hour ${h}`).toBeLessThanOrEqual(1));
    expect(hours[20]).toBeGreaterThan(5 * hours[4]);
  });

  it('puts a floor on the floors.share of requests, scaled by format and country multipliers', () => {
    const floors = scenario.market.floors;
    const withFloor = items.filter(({ opportunity }) => (opportunity.request.imp[0].bidfloor ?? 0) > 0);
    expectShare(withFloor.length, items.length, floors.share, 'floor share');
    const formatOf = (item: TrafficItem) => {
      const imp = item.opportunity.request.imp[0];
      return imp.video ? 'rewarded-video' : imp.native ? 'native' : imp.instl === 1 ? 'interstitial' : 'banner';
    };
    const base = withFloor
      .map((item) => {
        const country = item.opportunity.request.device!.geo!.country!;
        const multiplier = floors.formatMultipliers[formatOf(item)] * ((floors.countryMultipliers as Record<string, number>)[country] ?? 1);
        return item.opportunity.request.imp[0].bidfloor! / multiplier;
      })
      .sort((a, b) => a - b);
    expect(base[base.length >> 1]).toBeCloseTo(0.5, 1);
    for (const item of withFloor) expect(item.opportunity.request.imp[0].bidfloorcur).toBe('USD');
  });

  it('carries an advertising id on ifaShare of the requests of each OS, the user’s own', () => {
    const ifas = new IfaSource(new RandomStreams(scenario.seed));
    for (const os of [0, 1]) {
      const ofOs = items.filter((item) => w.population.os[item.truth.userIndex] === os);
      const withIfa = ofOs.filter((item) => item.opportunity.request.device!.ifa !== undefined);
      expectShare(withIfa.length, ofOs.length, scenario.traffic.ifaShare[OS_NAMES[os]], `${OS_NAMES[os]} ifa share`);
      for (const item of withIfa.slice(0, 500)) expect(item.opportunity.request.device!.ifa).toBe(ifas.ifa(item.truth.userIndex));
      for (const item of ofOs.slice(0, 500)) {
        expect(item.opportunity.request.device!.os).toBe(OS_NAMES[os]);
        expect(item.opportunity.request.device!.lmt).toBe(item.opportunity.request.device!.ifa === undefined ? 1 : 0);
      }
    }
  });

  it('draws formats and banner sizes by the traffic weights, as OpenRTB 2.6 imps', () => {
    const counts: Record<string, number> = {};
    const sizes: Record<string, number> = {};
    for (const { opportunity } of items) {
      const imp = opportunity.request.imp[0];
      const format = imp.video ? (imp.rwdd === 1 ? 'rewarded-video' : 'video?') : imp.native ? 'native' : imp.instl === 1 ? 'interstitial' : 'banner';
      counts[format] = (counts[format] ?? 0) + 1;
      if (format === 'banner') sizes[`${imp.banner!.w}x${imp.banner!.h}`] = (sizes[`${imp.banner!.w}x${imp.banner!.h}`] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['banner', 'interstitial', 'native', 'rewarded-video']);
    const formatWeights = { banner: 55, interstitial: 25, 'rewarded-video': 12, native: 8 };
    for (const [format, weight] of Object.entries(formatWeights)) expectShare(counts[format], items.length, weight / 100, format);
    expectShare(sizes['320x50'], counts.banner, 0.8, '320x50');
    expectShare(sizes['300x250'], counts.banner, 0.15, '300x250');
  });

  it('sets at from market.auction, tmax, cur, and a geo with an alpha-3 country of the world', () => {
    const countries = Object.keys(scenario.world.countries);
    for (const { opportunity } of items.slice(0, 5000)) {
      const r = opportunity.request;
      expect(r.at).toBe(1);
      expect(r.tmax).toBe(200);
      expect(r.cur).toEqual(['USD']);
      expect(countries).toContain(r.device!.geo!.country);
      expect(r.device!.geo!.region).toMatch(/^R[1-8]$/);
      expect(r.app!.cat).toHaveLength(1);
      expect(r.app!.bundle).toMatch(r.device!.os === 'ios' ? /^\d{10}$/ : /^com\.bidlab\.pub\d+$/);
    }
  });

  it('picks users in proportion to their activity', () => {
    const seen = new Float64Array(w.population.size);
    for (const item of items) seen[item.truth.userIndex]++;
    let expectedHeavy = 0;
    let observedHeavy = 0;
    let total = 0;
    for (let u = 0; u < w.population.size; u++) total += w.population.activity[u];
    for (let u = 0; u < w.population.size; u++) {
      if (w.population.activity[u] > 2) {
        expectedHeavy += w.population.activity[u] / total;
        observedHeavy += seen[u];
      }
    }
    expectShare(observedHeavy, items.length, expectedHeavy, 'requests from users of activity > 2');
  });

  it('lets a consumer keep items: shared parts are frozen, the rest is fresh per item', () => {
    const [a, b] = items;
    expect(a.opportunity.request).not.toBe(b.opportunity.request);
    expect(a.opportunity.request.imp[0]).not.toBe(b.opportunity.request.imp[0]);
    expect(Object.isFrozen(a.opportunity.request.app)).toBe(true);
    expect(Object.isFrozen(a.opportunity.request.device!.geo)).toBe(true);
    expect(Object.isFrozen(a.opportunity.request.cur)).toBe(true);
  });
});

describe('the traffic schedule', () => {
  it('spreads campaign-4m over seven days by the weekend-peak weekly pattern', async () => {
    const schedule = new TrafficSchedule(await shipped('campaign-4m'));
    expect(schedule.total).toBe(4_000_003);
    const weekly = WEEKLY_PATTERNS['weekend-peak'];
    const mean = weekly.reduce((a, b) => a + b, 0) / 7;
    for (let day = 0; day < 7; day++) {
      const count = schedule.bucketStart[(day + 1) * 24] - schedule.bucketStart[day * 24];
      // 2025-03-03 is a Monday, so day d is weekday d.
      expect(Math.abs(count - (571_429 * weekly[day]) / mean), `day ${day}`).toBeLessThanOrEqual(1);
    }
  });

  it('starts the weekly pattern on the weekday of startDate', () => {
    const scenario = small(
      "world: { users: 100 }\ntraffic: { startDate: '2025-03-08', days: 2, requestsPerDay: 1000, weeklyPattern: [1, 1, 1, 1, 1, 3, 1], dailyPattern: flat }\n",
    );
    const schedule = new TrafficSchedule(scenario);
    expect(schedule.calendar.startWeekday).toBe('saturday');
    expect(schedule.bucketStart[24]).toBeGreaterThan(2 * (schedule.total - schedule.bucketStart[24]));
  });

  it('writes second-price auctions as at = 2', () => {
    const scenario = small("world: { users: 100 }\ntraffic: { requestsPerDay: 10 }\nmarket: { auction: second-price }\n");
    expect(take(world(scenario).stream, 3).map((item) => item.opportunity.request.at)).toEqual([2, 2, 2]);
  });
});
