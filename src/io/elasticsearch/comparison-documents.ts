import type { ComparisonResults } from './comparison-results.js';
import type { BulkItem } from './event-documents.js';
import { INTERVAL_METRICS } from './index-templates.js';

/** Index names by kind, for the documents of one comparison. */
export interface ComparisonIndices {
  readonly hourly: string;
  readonly runs: string;
  readonly segments: string;
  readonly calibration: string;
  readonly verdicts: string;
  readonly gateChecks: string;
}

/** What every document of a comparison shares besides its own figures. */
export interface ComparisonDocContext {
  readonly simStartMs: number;
  readonly indexedAtMs: number;
}

type Doc = Record<string, unknown>;

/**
 * Every document a comparison's report.json gives, grouped by index, ids derived from (comparison,
 * policy, segment, bin or rule) so indexing the same report again overwrites:
 * - runs `<run>/<policy>`: each policy's figures, with its role (champion, challenger, baseline, oracle);
 * - hourly `<run>/<policy>/h<hour>`: spend, wins, conversions and revenue per bucket of the timeline;
 * - segments `<run>/<policy>/<dimension>/<segment>`;
 * - calibration `<run>/<policy>/<basis>/<bin>`;
 * - verdicts `<run>`, and gate-checks `<run>/check<i>`.
 * Values the report could not state (null: NaN, an infinite CPA) are left out, never sent as 0.
 */
export function comparisonDocuments(c: ComparisonResults, ctx: ComparisonDocContext, indices: ComparisonIndices): {
  readonly hourly: BulkItem[]; readonly runs: BulkItem[]; readonly segments: BulkItem[]; readonly calibration: BulkItem[]; readonly verdicts: BulkItem[];
} {
  const r = c.report;
  const roles = new Map<string, string>([
    ...(r.oracle ? [[r.oracle, 'oracle'] as const] : []),
    ...(r.baseline ? [[r.baseline, 'baseline'] as const] : []),
    [r.challenger, 'challenger'], [r.champion, 'champion'],
  ]);
  const base = (policy?: string): Doc => ({
    run_id: c.runId, scenario: c.scenario, seed: c.seed, ...(policy !== undefined ? { policy } : {}),
    sim_start: ctx.simStartMs, indexed_at: ctx.indexedAtMs,
  });
  const role = (policy: string): Doc => (roles.has(policy) ? { role: roles.get(policy) } : {});

  const runs = r.policies.map((p): BulkItem => ({
    index: indices.runs,
    id: `${c.runId}/${p.name}`,
    doc: defined({
      ...base(p.name), ...role(p.name), source: 'comparison', kind: p.kind,
      is_baseline: p.name === r.baseline, is_champion: p.name === r.champion, run_time: c.runTime.getTime(),
      opportunities: p['opportunities'], bids: p['bids'], wins: p['wins'], win_rate: p['winRate'], spend: p['spend'],
      impressions: p['impressions'], clicks: p['clicks'], conversions: p['conversions'], attributed_revenue: p['attributedRevenue'],
      predicted_revenue: p['predictedRevenue'], predicted_roi: p['predictedRoi'], actual_roi: p['actualRoi'], cpa: p['cpa'], ecpm: p['ecpm'],
      regret: p['regret'],
      ...(isObject(p['savings']) ? { savings: snake(p['savings']) } : {}),
      ...(typeof p['auc'] === 'number' ? { quality: { auc: p['auc'] } } : {}),
    }),
  }));

  const hourly: BulkItem[] = [];
  const t = r.timeline;
  if (t) {
    for (const p of t.policies) {
      let before = { spend: 0, revenue: 0, conversions: 0, wins: 0 };
      t.times.forEach((end, b) => {
        // The timeline is cumulative; each document holds what happened within its bucket.
        const now = { spend: p.spend[b] ?? 0, revenue: p.revenue[b] ?? 0, conversions: p.conversions[b] ?? 0, wins: p.wins[b] ?? 0 };
        const startSeconds = end - t.bucketSeconds;
        const hour = Math.floor(startSeconds / 3600);
        hourly.push({
          index: indices.hourly,
          id: `${c.runId}/${p.policy}/h${hour}`,
          doc: {
            ...base(p.policy), sim_time: ctx.simStartMs + startSeconds * 1000, sim_hour: hour, bucket_seconds: t.bucketSeconds,
            spend: now.spend - before.spend, revenue: now.revenue - before.revenue,
            conversions: now.conversions - before.conversions, wins: now.wins - before.wins,
          },
        });
        before = now;
      });
    }
  }

  const segments: BulkItem[] = [];
  for (const s of r.segments) {
    for (const bucket of s.buckets) {
      for (const f of bucket.policies) {
        segments.push({
          index: indices.segments,
          id: `${c.runId}/${f.policy}/${s.dimension}/${bucket.label}`,
          doc: defined({
            ...base(f.policy), ...role(f.policy), dimension: s.dimension, segment: bucket.label,
            wins: f.wins, spend: f.spend, conversions: f.conversions, revenue: f.revenue,
            predicted_revenue: f.predictedRevenue, predicted_roi: f.predictedRoi, actual_roi: f.actualRoi,
          }),
        });
      }
    }
  }

  const calibration: BulkItem[] = [];
  for (const p of r.policies) {
    for (const [basis, report] of [['wins', p.calibration], ['truth', p.trueCalibration]] as const) {
      report?.bins.forEach((bin, i) => {
        const count = bin.count ?? 0;
        calibration.push({
          index: indices.calibration,
          id: `${c.runId}/${p.name}/${basis}/${i}`,
          doc: defined({
            ...base(p.name), ...role(p.name), basis, bin: i, bin_label: `${String(i).padStart(2, '0')} [${bin.lower}, ${bin.upper})`,
            lower: bin.lower, upper: bin.upper, count, mean_predicted: bin.meanPredicted, observed_rate: bin.observedRate,
            predicted_conversions: bin.meanPredicted === null ? null : count * bin.meanPredicted,
            observed_conversions: bin.observedRate === null ? null : count * bin.observedRate,
          }),
        });
      });
    }
  }

  const g = r.gate;
  const shared = { champion: r.champion, challenger: r.challenger, verdict: g.verdict };
  const checks = g.checks.map((k) => defined({
    rule: k.rule, measure: k.measure, op: k.op, threshold: k.threshold, confidence: k.confidence,
    estimate: k.estimate, lower: k.lower, upper: k.upper, compared: k.compared, passed: k.passed, reason: k.reason,
  }));
  const figures = r.statistics.figures;
  const verdicts: BulkItem[] = [
    {
      index: indices.verdicts,
      id: c.runId,
      doc: defined({
        ...base(), ...shared, baseline: r.baseline, oracle: r.oracle, mode: r.mode, seeds: r.seeds,
        passed: g.verdict === 'PASS', checks_total: g.checks.length, checks_failed: g.checks.filter((k) => !k.passed).length,
        reasons: g.reasons, created_at: c.runTime.getTime(), confidence: r.statistics.confidence,
        difference: intervals(figures.difference), champion_figures: intervals(figures.champion), challenger_figures: intervals(figures.challenger),
        checks,
      }),
    },
    ...checks.map((k, i): BulkItem => ({ index: indices.gateChecks, id: `${c.runId}/check${i}`, doc: { ...base(), ...shared, check: i, ...k } })),
  ];
  return { hourly, runs, segments, calibration, verdicts };
}

/** The bootstrap's figures under the mapping's snake_case names, each without its unstated bounds. */
function intervals(figures: Record<string, { estimate: number | null; lower: number | null; upper: number | null }>): Doc {
  const out: Doc = {};
  for (const m of INTERVAL_METRICS) {
    const f = figures[m.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())];
    if (f) out[m] = defined({ estimate: f.estimate, lower: f.lower, upper: f.upper });
  }
  return out;
}

function snake(o: Record<string, unknown>): Doc {
  return defined(Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`), v])));
}

/** Leaves out null and undefined values (NaN in the report), so a field is present only when stated. */
function defined(o: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) continue;
    out[k] = v;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
