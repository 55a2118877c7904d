import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArrivalSchedule, LoadError, loadLoadScenario, parseDuration, parseThreshold, passes } from '../../src/load/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bidlab-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const steady = { name: 's', payloads: 'p.json', scenario: { executor: 'constant-arrival-rate', rate: 100, duration: '2s', preAllocatedVUs: 4 } };

describe('load scenario files', () => {
  it('fills k6 defaults and resolves the payloads beside the file', async () => {
    const s = await loadLoadScenario(file('ok.json', steady));
    expect(s.target).toBe('http://127.0.0.1:8080');
    expect(s.path).toBe('/openrtb2/bid');
    expect(s.payloadsPath).toBe(join(dir, 'p.json'));
    expect(s.scenario).toMatchObject({ timeUnit: '1s' });
  });

  it.each([
    ['bad-duration.json', { ...steady, scenario: { ...steady.scenario, duration: '2 minutes' } }, /scenario\.duration: expected a k6 duration/],
    ['bad-executor.json', { ...steady, scenario: { ...steady.scenario, executor: 'shared-iterations' } }, /scenario\.executor/],
    ['bad-threshold.json', { ...steady, thresholds: { http_req_duration: ['p99 < 5'] } }, /thresholds\.http_req_duration\[0\]: expected a k6 threshold/],
    ['unknown-metric.json', { ...steady, thresholds: { http_req_waiting: ['p(99)<5'] } }, /thresholds: .*http_req_waiting/],
    ['unknown-key.json', { ...steady, rps: 5 }, /rps/],
    ['not-json.json', '{"name":', /not valid JSON/],
  ])('names the file and field of a mistake (%s)', async (name, value, message) => {
    const path = file(name, value);
    const error = await loadLoadScenario(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).code).toBe('LOAD_SCENARIO');
    expect((error as LoadError).message).toContain(path);
    expect((error as LoadError).message).toMatch(message);
  });
});

describe('k6 durations and thresholds', () => {
  it('reads durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('5')).toBeNaN();
    expect(parseDuration('')).toBeNaN();
    expect(parseDuration('3d')).toBeNaN();
  });

  it('evaluates thresholds; NaN (nothing measured) never passes', () => {
    const t = parseThreshold('p(99.9) <= 5')!;
    expect(t).toEqual({ aggregate: 'p(99.9)', op: '<=', value: 5 });
    expect(passes(t, 5)).toBe(true);
    expect(passes(t, 5.001)).toBe(false);
    expect(passes(parseThreshold('rate<0.01')!, NaN)).toBe(false);
    expect(passes(parseThreshold('count!=0')!, NaN)).toBe(false);
    expect(parseThreshold('p(99)<<5')).toBeUndefined();
  });
});

describe('arrival schedule', () => {
  it('starts rate × duration requests, evenly, at a constant rate', () => {
    const s = new ArrivalSchedule({ executor: 'constant-arrival-rate', rate: 200, timeUnit: '1s', duration: '3s', preAllocatedVUs: 1 });
    expect(s.total).toBe(600);
    expect(s.durationMs).toBe(3000);
    expect(s.startedBy(1000)).toBe(200);
    expect(s.startedBy(1504)).toBe(300);
    expect(s.rateAt(10)).toBe(200);
  });

  it('ramps linearly between stage targets (the integral of the rate)', () => {
    const s = new ArrivalSchedule({
      executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 1,
      stages: [{ target: 100, duration: '10s' }, { target: 100, duration: '5s' }, { target: 0, duration: '10s' }],
    });
    expect(s.total).toBe(500 + 500 + 500);
    expect(s.startedBy(5000)).toBe(125);
    expect(s.startedBy(10_000)).toBe(500);
    expect(s.startedBy(12_000)).toBe(700);
    expect(s.rateAt(5000)).toBeCloseTo(50, 9);
    expect(s.rateAt(20_000)).toBeCloseTo(50, 9);
    let last = 0;
    for (let ms = 0; ms <= 26_000; ms += 7) {
      const n = s.startedBy(ms);
      expect(n).toBeGreaterThanOrEqual(last);
      last = n;
    }
    expect(last).toBe(s.total);
  });

  it('says when each request is due: the moment startedBy first counts it', () => {
    const schedules = [
      new ArrivalSchedule({ executor: 'constant-arrival-rate', rate: 200, timeUnit: '1s', duration: '3s', preAllocatedVUs: 1 }),
      new ArrivalSchedule({
        executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 1,
        stages: [{ target: 100, duration: '10s' }, { target: 100, duration: '5s' }, { target: 0, duration: '10s' }, { target: 40, duration: '3s' }],
      }),
    ];
    for (const s of schedules) {
      let last = 0;
      for (let i = 0; i < s.total; i++) {
        const t = s.dueAt(i);
        expect(t).toBeGreaterThanOrEqual(last);
        expect(s.startedBy(t + 1e-6)).toBeGreaterThanOrEqual(i + 1);
        expect(s.startedBy(t - 0.05)).toBeLessThanOrEqual(i);
        last = t;
      }
      expect(last).toBeLessThanOrEqual(s.durationMs);
    }
    expect(schedules[0]!.dueAt(0)).toBeCloseTo(5, 9);
    expect(schedules[0]!.dueAt(199)).toBeCloseTo(1000, 9);
  });

  it('counts rates per timeUnit', () => {
    const s = new ArrivalSchedule({ executor: 'constant-arrival-rate', rate: 30, timeUnit: '1m', duration: '2m', preAllocatedVUs: 1 });
    expect(s.total).toBe(60);
    expect(s.rateAt(0)).toBeCloseTo(0.5, 12);
  });
});

describe('the shipped load scenarios (load/scenarios, also run by k6)', () => {
  const shipped = join(import.meta.dirname, '../../load/scenarios');
  it.each(['steady', 'ramp-to-knee', 'spike', 'soak'])('%s is valid for bidlab load', async (name) => {
    const s = await loadLoadScenario(join(shipped, `${name}.json`));
    expect(s.name).toBe(name);
    expect(s.payloadsPath).toBe(join(shipped, '../payloads.json'));
    expect(new ArrivalSchedule(s.scenario).total).toBeGreaterThan(10_000);
  });
});
