import type { LoadScenario } from './load-scenario.js';
import type { LoadMeasurements } from './load-runner.js';
import { parseThreshold, passes } from './thresholds.js';

export interface ThresholdResult {
  readonly metric: string;
  readonly expression: string;
  readonly actual: number;
  readonly passed: boolean;
}

/** What `bidlab load` reports (and writes as JSON): the figures k6's summary gives for the same metrics. */
export interface LoadReport {
  readonly scenario: string;
  readonly target: string;
  readonly durationSeconds: number;
  readonly planned: number;
  readonly requests: number;
  readonly dropped: number;
  readonly requestsPerSecond: number;
  /** From the moment each request was due on the schedule to its last response byte (so the generator's own lateness counts against the answer, never hides a queue). */
  readonly latencyMs: { readonly min: number; readonly mean: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  /** How late the generator wrote requests after they were due: near zero unless the generator's machine is short of CPU. */
  readonly sendLagMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly status: Readonly<Record<string, number>>;
  /** Share of requests that failed (no answer, or a status outside 200-399): k6's http_req_failed. */
  readonly errorRate: number;
  /** Share of answered requests that were no-bids (204). */
  readonly noBidRate: number;
  /** Win notices the simulated exchange sent (winRate of the bids), and how many were accepted. */
  readonly winNotices: { readonly sent: number; readonly ok: number };
  readonly thresholds: ReadonlyArray<ThresholdResult>;
  readonly passed: boolean;
}

export function loadReport(scenario: LoadScenario, target: string, m: LoadMeasurements): LoadReport {
  const h = m.histogram;
  const ms = (us: number) => Math.round(us) / 1000;
  const latencyMs = {
    min: m.completed ? ms(h.minNonZeroValue) : NaN,
    mean: m.completed ? ms(h.mean) : NaN,
    p50: m.completed ? ms(h.getValueAtPercentile(50)) : NaN,
    p90: m.completed ? ms(h.getValueAtPercentile(90)) : NaN,
    p99: m.completed ? ms(h.getValueAtPercentile(99)) : NaN,
    max: m.completed ? ms(h.maxValue) : NaN,
  };
  const lag = m.sendLag;
  const sendLagMs = {
    p50: m.started ? ms(lag.getValueAtPercentile(50)) : NaN,
    p99: m.started ? ms(lag.getValueAtPercentile(99)) : NaN,
    max: m.started ? ms(lag.maxValue) : NaN,
  };
  let failed = 0, answered = 0;
  for (const [key, n] of Object.entries(m.status)) {
    const code = Number(key);
    if (code >= 200 && code < 400) answered += n;
    else failed += n;
  }
  const errorRate = m.completed ? failed / m.completed : NaN;
  const noBidRate = answered ? (m.status['204'] ?? 0) / answered : NaN;
  const requestsPerSecond = m.completed / m.durationSeconds;
  const actual = (metric: string, aggregate: string): number => {
    if (metric === 'http_req_duration') {
      if (aggregate.startsWith('p(')) return m.completed ? ms(h.getValueAtPercentile(Number(aggregate.slice(2, -1)))) : NaN;
      return ({ avg: latencyMs.mean, min: latencyMs.min, max: latencyMs.max, med: latencyMs.p50 } as Record<string, number>)[aggregate] ?? NaN;
    }
    if (metric === 'http_req_failed') return aggregate === 'rate' ? errorRate : NaN;
    if (metric === 'no_bid_rate') return aggregate === 'rate' ? noBidRate : NaN;
    if (metric === 'dropped_iterations') return aggregate === 'count' ? m.dropped : aggregate === 'rate' ? m.dropped / m.durationSeconds : NaN;
    if (metric === 'http_reqs') return aggregate === 'count' ? m.completed : aggregate === 'rate' ? requestsPerSecond : NaN;
    return NaN;
  };
  const thresholds = Object.entries(scenario.thresholds).flatMap(([metric, expressions]) => (expressions ?? []).map((expression) => {
    const t = parseThreshold(expression)!;
    const value = actual(metric, t.aggregate);
    return { metric, expression, actual: value, passed: passes(t, value) };
  }));
  return {
    scenario: scenario.name,
    target,
    durationSeconds: Math.round(m.durationSeconds * 1000) / 1000,
    planned: m.planned,
    requests: m.completed,
    dropped: m.dropped,
    requestsPerSecond: Math.round(requestsPerSecond),
    latencyMs,
    sendLagMs,
    status: Object.fromEntries(Object.entries(m.status).sort(([a], [b]) => a.localeCompare(b))),
    errorRate,
    noBidRate,
    winNotices: m.notices,
    thresholds,
    passed: thresholds.every((t) => t.passed),
  };
}

/** The report as the terminal shows it. */
export function formatLoadReport(r: LoadReport): string {
  const pct = (x: number) => (x === x ? `${(100 * x).toFixed(2)}%` : 'n/a');
  const lines = [
    `${r.scenario} → ${r.target}`,
    `  requests      ${r.requests} of ${r.planned} planned in ${r.durationSeconds.toFixed(1)} s (${r.requestsPerSecond}/s), ${r.dropped} dropped (maxVUs in flight)`,
    `  latency ms    p50 ${r.latencyMs.p50}  p90 ${r.latencyMs.p90}  p99 ${r.latencyMs.p99}  max ${r.latencyMs.max}  (mean ${r.latencyMs.mean.toFixed(3)}; from each request's due time)`,
    `  send lag ms   p50 ${r.sendLagMs.p50}  p99 ${r.sendLagMs.p99}  max ${r.sendLagMs.max}  (how late the generator wrote)`,
    `  status        ${Object.entries(r.status).map(([k, n]) => `${k}: ${n}`).join('  ') || 'none'}`,
    `  error rate    ${pct(r.errorRate)}   no-bid rate ${pct(r.noBidRate)}${r.winNotices.sent ? `   win notices ${r.winNotices.ok}/${r.winNotices.sent} accepted` : ''}`,
    ...r.thresholds.map((t) => `  ${t.passed ? '✓' : '✗'} ${t.metric} ${t.expression} (actual ${t.actual === t.actual ? +t.actual.toFixed(4) : 'n/a'})`),
    r.thresholds.length ? (r.passed ? '  thresholds passed' : '  THRESHOLDS FAILED') : '  no thresholds',
  ];
  return lines.join('\n');
}
