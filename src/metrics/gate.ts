import { percentileInterval } from './bootstrap-intervals.js';
import { type GateMeasure, type GateRule, measureName } from './gate-rule.js';
import type { UserBootstrap } from './user-bootstrap.js';

/**
 * Process exit codes of a gated comparison, for CI pipelines:
 * 0 the gate passed (or has no rules), 2 the input or command line was wrong (nothing was judged),
 * 3 the comparison ran and the gate failed.
 */
export const EXIT_CODES = { pass: 0, error: 2, gateFailed: 3 } as const;

/** What a gate is judged on. */
export interface GateEvidence {
  /** The champion-versus-challenger bootstrap: estimates and replicates for any confidence. */
  readonly bootstrap: UserBootstrap;
  /** The challenger's calibration on won impressions; rules on it fail when it is absent. */
  readonly calibration?: { readonly ece: number; readonly logLoss: number; readonly brier: number; readonly auc: number };
}

/** One rule's outcome. `lower`/`upper` are null for point rules. */
export interface GateCheck {
  readonly rule: string;
  readonly measure: string;
  readonly op: '>=' | '<=';
  readonly threshold: number;
  readonly confidence: number | null;
  readonly estimate: number;
  readonly lower: number | null;
  readonly upper: number | null;
  /** What was compared with the threshold: the estimate, or the interval's end. */
  readonly compared: number;
  readonly passed: boolean;
  /** One line a person reads, e.g. "roi-diff>=0@95: 95% interval [+1.2%, +3.4%], lower end +1.2% >= 0". */
  readonly reason: string;
}

export interface GateVerdict {
  readonly verdict: 'PASS' | 'FAIL';
  readonly checks: ReadonlyArray<GateCheck>;
  /** The failed checks' reasons (a FAIL), or every check's (a PASS). */
  readonly reasons: ReadonlyArray<string>;
}

/** Judges every rule; the verdict is PASS when all pass (so also with no rules). */
export function evaluateGate(rules: ReadonlyArray<GateRule>, evidence: GateEvidence): GateVerdict {
  const checks = rules.map((r) => check(r, evidence));
  const failed = checks.filter((c) => !c.passed);
  return {
    verdict: failed.length === 0 ? 'PASS' : 'FAIL',
    checks,
    reasons: (failed.length ? failed : checks).map((c) => c.reason),
  };
}

/** The exit code a verdict stands for (see EXIT_CODES). */
export function gateExitCode(verdict: GateVerdict): number {
  return verdict.verdict === 'PASS' ? EXIT_CODES.pass : EXIT_CODES.gateFailed;
}

function check(rule: GateRule, evidence: GateEvidence): GateCheck {
  const { estimate, interval } = measure(rule.measure, rule.confidence, evidence);
  const unit = unitOf(rule.measure);
  const fmt = (x: number) => formatValue(x, unit);
  const useLower = rule.op === '>=';
  const compared = interval ? (useLower ? interval.lower : interval.upper) : estimate;
  const passed = compared === compared && (useLower ? compared >= rule.threshold : compared <= rule.threshold);
  const name = measureName(rule.measure);
  const against = `${passed ? rule.op : rule.op === '>=' ? '<' : '>'} ${fmt(rule.threshold)}`;
  let reason: string;
  if (compared !== compared) {
    reason = `${rule.text}: ${name} could not be measured${rule.measure.kind === 'calibration' && !evidence.calibration ? ' (no calibration data)' : ' (an undefined ratio, e.g. no spend or no conversions)'}`;
  } else if (interval) {
    const level = `${round(rule.confidence! * 100)}%`;
    reason = `${rule.text}: ${name} ${fmt(estimate)}, ${level} interval [${fmt(interval.lower)}, ${fmt(interval.upper)}]; ${useLower ? 'lower' : 'upper'} end ${fmt(compared)} ${against}`;
  } else {
    reason = `${rule.text}: ${name} ${fmt(estimate)} ${against}`;
  }
  return {
    rule: rule.text, measure: name, op: rule.op, threshold: rule.threshold, confidence: rule.confidence,
    estimate, lower: interval ? interval.lower : null, upper: interval ? interval.upper : null, compared, passed, reason,
  };
}

function measure(m: GateMeasure, confidence: number | null, evidence: GateEvidence): { estimate: number; interval?: { lower: number; upper: number } } {
  if (m.kind === 'calibration') {
    const c = evidence.calibration;
    const key = m.metric === 'log-loss' ? 'logLoss' : m.metric;
    return { estimate: c ? c[key] : NaN };
  }
  const b = evidence.bootstrap;
  const side = m.kind === 'level' ? 'challenger' : m.kind === 'drop' ? 'change' : m.kind;
  const estimate = (b.estimate[side] as Record<string, number>)[m.metric]!;
  const replicates = (b.replicates[side] as Record<string, Float64Array>)[m.metric]!;
  const sign = m.kind === 'drop' ? -1 : 1;
  if (confidence === null) return { estimate: sign * estimate };
  const i = percentileInterval(replicates, b.resamples, confidence);
  return { estimate: sign * estimate, interval: sign > 0 ? i : { lower: -i.upper, upper: -i.lower } };
}

type Unit = 'percent' | 'points' | 'plain';

/** Changes and drops and an ROI read as percentages, a difference of ROIs in percentage points; the rest as numbers. */
function unitOf(m: GateMeasure): Unit {
  if (m.kind === 'change' || m.kind === 'drop') return 'percent';
  if (m.kind !== 'calibration' && (m.metric === 'roi' || m.metric === 'predictedRoi')) return m.kind === 'difference' ? 'points' : 'percent';
  return 'plain';
}

function formatValue(x: number, unit: Unit): string {
  if (x !== x) return 'n/a';
  if (unit === 'plain') return String(round(x));
  return `${x > 0 ? '+' : ''}${round(x * 100)}${unit === 'percent' ? '%' : ' pp'}`;
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
