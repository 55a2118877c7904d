import { describe, expect, it } from 'vitest';
import { DAILY_PATTERNS, parseScenario } from '../../src/scenario/index.js';
import { edit, MINIMAL } from './scenario-text.js';

function everyObject(value: unknown, visit: (object: object, path: string) => void, path = ''): void {
  if (typeof value !== 'object' || value === null) return;
  visit(value, path);
  for (const [key, child] of Object.entries(value)) everyObject(child, visit, `${path}.${key}`);
}

describe('a parsed scenario', () => {
  it('has every default filled in', () => {
    const scenario = parseScenario(MINIMAL, 't.yaml');
    expect(scenario.traffic).toMatchObject({ startDate: '2025-03-03', days: 1, tmaxMs: 200, dailyPattern: DAILY_PATTERNS.mobile });
    expect(scenario.traffic.weeklyPattern).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(scenario.world.os).toEqual({ android: 72, ios: 28 });
    expect(scenario.world.apps.count).toBe(2000);
    expect(scenario.world.response.ctr).toEqual({ banner: 0.004, interstitial: 0.015, 'rewarded-video': 0.02, native: 0.008 });
    expect(scenario.campaigns[0]).toMatchObject({
      audienceShare: 0.2,
      roiTarget: 1,
      targeting: { lapsedDays: { min: 7, max: 90 } },
      frequencyCap: { impressions: 3, perHours: 24 },
    });
    expect(scenario.market.auction).toBe('first-price');
    expect(scenario.market.competitors.map((c) => c.kind)).toEqual(['truthful', 'shading', 'noise']);
    expect(scenario.attribution).toMatchObject({ clickWindowDays: 7, viewWindowHours: 24, partners: { default: 'appsflyer', byApp: {} } });
    expect(scenario.policies[0]).toEqual({
      kind: 'oracle',
      name: 'oracle',
      pacing: { mode: 'even' },
      split: 1,
      pricing: { rule: 'expected-value', margin: 0.1, shading: 1, maxCpm: 30 },
    });
    expect(scenario.comparison).toEqual({ mode: 'worlds', gate: [], resamples: 1000, confidence: 0.95 });
    expect(scenario.output).toEqual({ events: true, eventSampleRate: 1, qualitySampleRate: 1 });
  });

  it('keeps defaults of the fields a partly written section leaves out', () => {
    const text = edit('  users: 1000', '  users: 1000\n  response: { ctr: { banner: 0.01 } }');
    expect(parseScenario(text, 't.yaml').world.response.ctr).toEqual({ banner: 0.01, interstitial: 0.015, 'rewarded-video': 0.02, native: 0.008 });
  });

  it('resolves named patterns to weights', () => {
    const text = edit('  requestsPerDay: 5000', '  requestsPerDay: 5000\n  dailyPattern: flat\n  weeklyPattern: [1, 1, 1, 1, 1, 2, 2]');
    const { traffic } = parseScenario(text, 't.yaml');
    expect(traffic.dailyPattern).toEqual(Array(24).fill(1));
    expect(traffic.weeklyPattern).toEqual([1, 1, 1, 1, 1, 2, 2]);
  });

  it('is frozen all the way down', () => {
    const scenario = parseScenario(MINIMAL, 't.yaml');
    everyObject(scenario, (object, path) => expect(Object.isFrozen(object), path || '(root)').toBe(true));
    expect(() => {
      (scenario.world as { users: number }).users = 5;
    }).toThrow(TypeError);
    expect(() => (scenario.traffic.dailyPattern as number[]).push(1)).toThrow(TypeError);
  });

  it('shares no objects between scenarios, nor with the schema defaults', () => {
    const a = parseScenario(MINIMAL, 'a.yaml');
    const b = parseScenario(MINIMAL, 'b.yaml');
    expect(a.market.competitors).not.toBe(b.market.competitors);
    expect(a.traffic.dailyPattern).not.toBe(DAILY_PATTERNS.mobile);
    expect(Object.isFrozen(DAILY_PATTERNS.mobile)).toBe(false);
  });

  it('resolves model paths against the directory of the scenario file', () => {
    const text = edit('    kind: oracle', '    kind: model\n    model: /abs/m/model.txt');
    const policy = parseScenario(text, '/work/x/scenarios/s.yaml').policies[0];
    expect(policy).toMatchObject({ kind: 'model', model: '/abs/m/model.txt' });
    const relative = parseScenario(edit('    kind: oracle', '    kind: model\n    model: ../models/m/model.txt'), '/work/x/scenarios/s.yaml');
    expect(relative.policies[0]).toMatchObject({ model: '/work/x/models/m/model.txt' });
  });

  it('is the same for the same text', () => {
    expect(JSON.stringify(parseScenario(MINIMAL, 't.yaml'))).toBe(JSON.stringify(parseScenario(MINIMAL, 't.yaml')));
  });
});
