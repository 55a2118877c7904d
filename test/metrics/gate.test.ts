import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  comparisonStatisticsFields, EXIT_CODES, evaluateGate, gateExitCode, MetricsError, parseGateRule, userBootstrap, UserTotals,
} from '../../src/metrics/index.js';
import { simulateWorld, WORLD } from './bootstrap-world.js';

describe('parseGateRule', () => {
  it('reads the three example rules of the issue', () => {
    expect(parseGateRule('roi-diff>=0@95')).toEqual({
      measure: { kind: 'difference', metric: 'roi' }, op: '>=', threshold: 0, confidence: 0.95, text: 'roi-diff>=0@95',
    });
    expect(parseGateRule('conversions-drop<=2%')).toMatchObject({ measure: { kind: 'drop', metric: 'conversions' }, op: '<=', threshold: 0.02, confidence: null });
    expect(parseGateRule('ece<=0.02')).toMatchObject({ measure: { kind: 'calibration', metric: 'ece' }, threshold: 0.02 });
  });

  it('accepts spaces, ≥/≤, fractions of confidence and kebab-case metric names', () => {
    expect(parseGateRule(' predicted-roi-diff ≥ -0.5% @ 0.9 ')).toMatchObject({
      measure: { kind: 'difference', metric: 'predictedRoi' }, op: '>=', threshold: -0.005, confidence: 0.9,
    });
    expect(parseGateRule('cpa-change<=5%@99.5')).toMatchObject({ measure: { kind: 'change', metric: 'cpa' }, confidence: 0.995 });
    expect(parseGateRule('roi>=0.1')).toMatchObject({ measure: { kind: 'level', metric: 'roi' } });
  });

  it.each([
    ['roi-diff>0', /not a rule/],
    ['profit-diff>=0', /unknown measure 'profit-diff'/],
    ['roi-change>=0', /unknown measure 'roi-change'/],
    ['ece<=0.02@95', /no interval/],
    ['roi-diff>=0@40', /confidence 40/],
    ['', /not a rule/],
  ])('refuses %j, saying why and where', (text, why) => {
    let error: unknown;
    try { parseGateRule(text, '--gate'); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(MetricsError);
    expect((error as MetricsError).code).toBe('GATE_BAD_RULE');
    expect((error as MetricsError).where).toBe('--gate');
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toMatch(/expected <measure><op><number>/);
  });
});

describe('comparisonStatisticsFields', () => {
  const schema = z.strictObject(comparisonStatisticsFields);

  it('parses rules and fills defaults', () => {
    const parsed = schema.parse({ gate: ['roi-diff>=0@95', 'ece<=0.02'] });
    expect(parsed.gate.map((r) => r.measure.kind)).toEqual(['difference', 'calibration']);
    expect(parsed.resamples).toBe(1000);
    expect(parsed.confidence).toBe(0.95);
    expect(schema.parse({}).gate).toEqual([]);
  });

  it('reports a bad rule at its index with the reason', () => {
    const r = schema.safeParse({ gate: ['roi-diff>=0', 'roi-diff>0'] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['gate', 1]);
    expect(r.error!.issues[0]!.message).toMatch(/'roi-diff>0': not a rule/);
  });

  it('turns into a JSON Schema for editors (rules as strings)', () => {
    const json = z.toJSONSchema(schema, { io: 'input' }) as unknown as { properties: { gate: { items: { type: string } } } };
    expect(json.properties.gate.items.type).toBe('string');
  });
});

describe('evaluateGate', () => {
  // The challenger drops 40% of non-converting impressions and 10% of converting ones: higher ROI, fewer conversions.
  const bootstrap = userBootstrap(simulateWorld(WORLD, 11), { champion: 0, challenger: 1, seed: 1, resamples: 1000, users: WORLD.users });
  const rules = (...texts: string[]) => texts.map((t) => parseGateRule(t));

  it('passes a challenger whose whole ROI-difference interval is above 0, with the reason', () => {
    const v = evaluateGate(rules('roi-diff>=0@95'), { bootstrap });
    expect(bootstrap.estimate.difference.roi).toBeGreaterThan(0);
    expect(v.verdict).toBe('PASS');
    expect(v.checks[0]!.compared).toBe(v.checks[0]!.lower);
    expect(v.checks[0]!.lower!).toBeGreaterThan(0);
    expect(v.reasons[0]).toMatch(/^roi-diff>=0@95: roi-diff \+[\d.]+ pp, 95% interval \[\+[\d.]+ pp, \+[\d.]+ pp\]; lower end \+[\d.]+ pp >= 0 pp$/);
    expect(gateExitCode(v)).toBe(EXIT_CODES.pass);
  });

  it('fails on the conversions it loses, and says by how much', () => {
    const v = evaluateGate(rules('roi-diff>=0@95', 'conversions-drop<=2%'), { bootstrap });
    expect(v.verdict).toBe('FAIL');
    expect(v.checks.map((c) => c.passed)).toEqual([true, false]);
    expect(v.checks[1]!.estimate).toBeCloseTo(-bootstrap.estimate.change.conversions, 12);
    expect(v.reasons).toEqual([expect.stringMatching(/^conversions-drop<=2%: conversions-drop \+[\d.]+% > \+2%$/)]);
    expect(gateExitCode(v)).toBe(EXIT_CODES.gateFailed);
    expect(EXIT_CODES).toEqual({ pass: 0, error: 2, gateFailed: 3 });
  });

  it('bounds a drop by the upper end of its interval: the mirror of the change', () => {
    const [drop] = evaluateGate(rules('conversions-drop<=50%@90'), { bootstrap }).checks;
    const [change] = evaluateGate(rules('conversions-change>=-50%@90'), { bootstrap }).checks;
    expect(drop!.upper).toBeCloseTo(-change!.lower!, 12);
    expect(drop!.passed).toBe(true);
    expect(change!.passed).toBe(true);
  });

  it('judges calibration rules on the challenger calibration, and fails them without it', () => {
    const calibration = { ece: 0.01, logLoss: 0.2, brier: 0.05, auc: 0.8 };
    expect(evaluateGate(rules('ece<=0.02', 'auc>=0.75', 'log-loss<=0.3'), { bootstrap, calibration }).verdict).toBe('PASS');
    expect(evaluateGate(rules('ece<=0.005'), { bootstrap, calibration }).verdict).toBe('FAIL');
    const missing = evaluateGate(rules('ece<=0.02'), { bootstrap });
    expect(missing.verdict).toBe('FAIL');
    expect(missing.reasons[0]).toMatch(/could not be measured \(no calibration data\)/);
  });

  it('fails a rule on a figure that is undefined (no conversions), rather than passing it', () => {
    const t = new UserTotals(['a', 'b']);
    t.recordWin(0, 0, 1, 1);
    t.recordWin(1, 1, 1, 1);
    const b = userBootstrap(t, { champion: 0, challenger: 1, seed: 1, resamples: 100 });
    const v = evaluateGate(rules('cpa-diff<=0'), { bootstrap: b });
    expect(v.verdict).toBe('FAIL');
    expect(v.reasons[0]).toMatch(/could not be measured/);
  });

  it('passes with no rules', () => {
    expect(evaluateGate([], { bootstrap })).toEqual({ verdict: 'PASS', checks: [], reasons: [] });
  });
});
