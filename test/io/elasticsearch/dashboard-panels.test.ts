import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BucketSpec, DASHBOARDS, type PanelSpec } from '../../../src/dashboards/index.js';
import { runCli } from '../../helpers/cli.js';
import { ensureElasticsearch, esRequest, removePrefix } from '../../helpers/elasticsearch.js';
import { type QuickstartRun, quickstartRun } from './quickstart-run.js';

/**
 * Every panel of the dashboards, run as the Elasticsearch aggregation its Lens columns describe,
 * over a real run and a real comparison indexed into the real node, checked against the run's
 * summary.json, its events.arrow (for the market panels) and the comparison's report.json.
 */

const PREFIX = 'bidlab-t-panels-';
const GATE = ['roi-diff>=0@95', 'conversions-drop<=2%', 'ece<=0.02'];
/** The market panels' numeric histograms: Lens picks its own bar width; the check uses 1 CPM. */
const HISTOGRAM_INTERVAL = 1;

interface Row { keys: Record<string, string | number>; docs: number; metrics: Record<string, number | null>; extra: Record<string, number> }
type Query = (runId: string, extra?: Record<string, unknown>) => Promise<Row[]>;

/** The panel's KQL as a query_string query (the dashboards use only field : value, and, or, parentheses). */
function kqlToQueryString(kql: string): string {
  return kql.replace(/\s*:\s*/g, ':').replace(/\bor\b/g, 'OR').replace(/\band\b/g, 'AND');
}

function bucketAgg(b: BucketSpec): Record<string, unknown> {
  if (b.op === 'date_histogram') return { date_histogram: { field: b.field, fixed_interval: b.interval ?? '1h' } };
  if (b.op === 'range') return { histogram: { field: b.field, interval: HISTOGRAM_INTERVAL } };
  return { terms: { field: b.field, size: b.size ?? 10, order: { _key: 'asc' } } };
}

/**
 * The aggregation a panel shows: its buckets nested (series, then x axis, as Lens orders a chart's
 * columns), each metric column as sum/avg/min/max/value_count, under a filter aggregation when the
 * column has a filter; restricted to one run. `extra` adds aggregations the check needs beside them.
 */
function panelQuery(url: string, panel: PanelSpec): Query {
  return async (runId, extra = {}) => {
    const buckets: [string, BucketSpec][] = [...(panel.split ?? []).map((b, i): [string, BucketSpec] => [`s${i}`, b]), ...(panel.x ? [['x', panel.x] as [string, BucketSpec]] : [])];
    const metrics: Record<string, unknown> = { ...extra };
    panel.metrics.forEach((m, i) => {
      const agg = m.op === 'count' ? undefined : { [m.op]: { field: m.field } };
      if (m.filter) metrics[`m${i}`] = { filter: { query_string: { query: kqlToQueryString(m.filter) } }, ...(agg ? { aggs: { v: agg } } : {}) };
      else if (agg) metrics[`m${i}`] = agg;
    });
    let aggs: Record<string, unknown> = metrics;
    for (const [id, b] of [...buckets].reverse()) aggs = { [id]: { ...bucketAgg(b), aggs } };
    const filter: unknown[] = [{ term: { run_id: runId } }];
    if (panel.query) filter.push({ query_string: { query: kqlToQueryString(panel.query) } });
    const r = await esRequest<{ aggregations?: Record<string, unknown>; hits: { total: { value: number } } }>(url, 'POST', `/${PREFIX}${panel.index}/_search`, {
      size: 0, track_total_hits: true, query: { bool: { filter } }, aggs,
    });
    const rows: Row[] = [];
    const walk = (node: Record<string, unknown>, depth: number, keys: Record<string, string | number>, docs: number) => {
      if (depth === buckets.length) {
        const row: Row = { keys, docs, metrics: {}, extra: {} };
        panel.metrics.forEach((m, i) => {
          const v = node[`m${i}`] as { value?: number | null; doc_count?: number; v?: { value: number | null } } | undefined;
          row.metrics[`m${i}`] = m.op === 'count' ? (m.filter ? v!.doc_count! : docs) : m.filter ? v!.v!.value ?? null : v!.value ?? null;
        });
        for (const k of Object.keys(extra)) {
          const v = node[k] as { value?: number; doc_count?: number };
          row.extra[k] = v.value ?? v.doc_count!;
        }
        rows.push(row);
        return;
      }
      const [id] = buckets[depth]!;
      for (const b of (node[id] as { buckets: Record<string, unknown>[] }).buckets) {
        if ((b['doc_count'] as number) === 0) continue;
        walk(b, depth + 1, { ...keys, [id]: (b['key_as_string'] as string | undefined) !== undefined && buckets[depth]![1].op === 'terms' ? b['key_as_string'] as string : b['key'] as string | number }, b['doc_count'] as number);
      }
    };
    walk(r.aggregations ?? {}, 0, {}, r.hits.total.value);
    return rows;
  };
}

function close(actual: number | null | undefined, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined || !Number.isFinite(expected)) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

function sumBy(rows: Row[], key: string, metric: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(String(r.keys[key]), (out.get(String(r.keys[key])) ?? 0) + (r.metrics[metric] ?? 0));
  return out;
}

interface Policy { name: string; kind: string; bids: number; wins: number; spend: number; conversions: number; attributedRevenue: number; predictedRoi: number | null; actualRoi: number | null; winRate: number; ecpm: number; savings?: { avoidedShare: number; conversionsRetained: number } }
interface Bin { lower: number; upper: number; count: number; meanPredicted: number; observedRate: number }
interface Report {
  champion: string; challenger: string;
  policies: (Policy & { calibration?: { bins: Bin[] }; trueCalibration?: { bins: Bin[] } })[];
  gate: { verdict: string; checks: { rule: string; passed: boolean; estimate: number; lower: number | null; upper: number | null; threshold: number }[] };
  statistics: { figures: { difference: Record<string, { estimate: number; lower: number; upper: number }> } };
  segments: { dimension: string; buckets: { label: string; policies: { policy: string; wins: number; spend: number; conversions: number; actualRoi: number | null; predictedRoi: number | null }[] }[] }[];
  timeline: { times: number[]; policies: { policy: string; spend: number[]; revenue: number[]; wins: number[] }[] };
}
interface EventRow { policy: string; time: number; bid: boolean; won: boolean; floor: number; paid: number | null; competitor: number | null }

/** Per-hour (or per-bucket) increments of a cumulative timeline series. */
function increments(series: number[]): number[] {
  return series.map((v, i) => v - (i === 0 ? 0 : series[i - 1]!));
}

describe('every dashboard panel, as an Elasticsearch query over a real run and comparison', () => {
  let url: string;
  let run: QuickstartRun;
  let runId: string;
  let compareDir: string;
  let compareId: string;
  let report: Report;
  let summary: { policies: Policy[] };
  let events: EventRow[];

  beforeAll(async () => {
    [url, run] = await Promise.all([ensureElasticsearch(), quickstartRun()]);
    await removePrefix(url, PREFIX);
    compareDir = await mkdtemp(join(tmpdir(), 'bidlab-es-compare-'));
    // bidlab compare --es indexes the comparison when it finishes; the gate fails (exit 3) or passes (0).
    const c = await runCli(['compare', 'scenarios/quickstart.yaml', '--challenger', 'fixtures/models/challenger/model.txt', '--out', compareDir, '--json',
      ...GATE.flatMap((g) => ['--gate', g]), '--es', url, '--es-prefix', PREFIX]);
    expect([0, 3], c.stderr).toContain(c.code);
    compareId = /^indexed comparison (\S+) /m.exec(c.stderr)![1]!;
    const i = await runCli(['index', run.dir, '--es', url, '--es-prefix', PREFIX]);
    expect(i.code, i.stderr).toBe(0);
    runId = /^indexed run (\S+) /m.exec(i.stdout)![1]!;
    report = JSON.parse(await readFile(join(compareDir, 'report.json'), 'utf8')) as Report;
    expect(JSON.parse(c.stdout)).toEqual(report);
    summary = run.summary as unknown as { policies: Policy[] };
    const t = tableFromIPC(await readFile(join(run.dir, 'events.arrow')));
    const [policy, time, bid, won, floor, paid, competitor] = ['policy', 'time', 'bid', 'won', 'floor_cpm', 'paid_cpm', 'highest_competitor_cpm'].map((n) => t.getChild(n)!);
    events = Array.from({ length: t.numRows }, (_, r) => ({
      policy: policy!.get(r) as string, time: time!.get(r) as number, bid: bid!.get(r) === true, won: won!.get(r) === true,
      floor: floor!.get(r) as number, paid: paid!.get(r) as number | null, competitor: competitor!.get(r) as number | null,
    }));
  });
  afterAll(async () => {
    await removePrefix(url, PREFIX);
    await rm(run.dir, { recursive: true, force: true });
    await rm(compareDir, { recursive: true, force: true });
  });

  const policyOf = (name: string) => summary.policies.find((p) => p.name === name)!;
  const reportPolicy = (name: string) => report.policies.find((p) => p.name === name)!;

  /** Events of the run in a numeric histogram bucket (or all, per policy), as the market panels see them. */
  function eventBuckets(key: (e: EventRow) => number | null): Map<string, { bids: number; wins: number; paid: number; competitor: number; competitors: number; floor: number; n: number }> {
    const out = new Map<string, { bids: number; wins: number; paid: number; competitor: number; competitors: number; floor: number; n: number }>();
    for (const e of events) {
      const k = key(e);
      if (k === null) continue;
      const id = `${e.policy}|${k}`;
      let b = out.get(id);
      if (!b) out.set(id, (b = { bids: 0, wins: 0, paid: 0, competitor: 0, competitors: 0, floor: 0, n: 0 }));
      b.n++;
      b.floor += e.floor;
      if (e.competitor !== null) { b.competitor += e.competitor; b.competitors++; }
      if (e.bid) b.bids++;
      if (e.won) { b.wins++; b.paid += e.paid!; }
    }
    return out;
  }
  const histogramKey = (v: number | null) => (v === null ? null : Math.floor(v / HISTOGRAM_INTERVAL) * HISTOGRAM_INTERVAL);

  const winRateCheck = (value: (e: EventRow) => number | null) => async (q: Query) => {
    const rows = await q(runId);
    const expected = eventBuckets((e) => histogramKey(value(e)));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const b = expected.get(`${r.keys['s0']}|${r.keys['x']}`)!;
      close(r.metrics['m0'], b.bids ? b.wins / b.bids : null, `win rate ${r.keys['s0']} at ${r.keys['x']}`);
    }
    // Every bucket with bids is on the chart.
    expect(rows.filter((r) => r.metrics['m0'] !== null).length).toBe([...expected.values()].filter((b) => b.bids > 0).length);
  };

  const priceCheck = (key: (e: EventRow) => number) => async (q: Query) => {
    const rows = await q(runId);
    const all = eventBuckets((e) => key(e));
    const merged = new Map<number, { wins: number; paid: number; competitor: number; competitors: number; floor: number; n: number }>();
    for (const [id, b] of all) {
      const k = Number(id.split('|')[1]);
      const m = merged.get(k) ?? { wins: 0, paid: 0, competitor: 0, competitors: 0, floor: 0, n: 0 };
      merged.set(k, { wins: m.wins + b.wins, paid: m.paid + b.paid, competitor: m.competitor + b.competitor, competitors: m.competitors + b.competitors, floor: m.floor + b.floor, n: m.n + b.n });
    }
    expect(rows.length).toBe(merged.size);
    for (const r of rows) {
      const b = merged.get(Number(r.keys['x']))!;
      close(r.metrics['m0'], b.wins ? b.paid / b.wins : null, `paid CPM at ${r.keys['x']}`);
      close(r.metrics['m1'], b.competitors ? b.competitor / b.competitors : null, `competitor CPM at ${r.keys['x']}`);
      close(r.metrics['m2'], b.floor / b.n, `floor at ${r.keys['x']}`);
    }
  };

  const segmentCheck = (dimension: string, metrics: ('actualRoi' | 'predictedRoi' | 'conversions')[], roles?: string[]) => async (q: Query) => {
    const rows = await q(compareId);
    const seg = report.segments.find((s) => s.dimension === dimension)!;
    const expected = seg.buckets.flatMap((b) => b.policies.filter((p) => !roles || roles.includes(p.policy)).map((p) => ({ label: b.label, ...p })));
    expect(rows.length).toBe(expected.length);
    for (const e of expected) {
      const r = rows.find((x) => x.keys['x'] === e.label && x.keys['s0'] === e.policy)!;
      expect(r, `${dimension} ${e.label} ${e.policy}`).toBeDefined();
      metrics.forEach((m, i) => close(r.metrics[`m${i}`], e[m], `${dimension} ${e.label} ${e.policy} ${m}`));
    }
  };

  const calibrationRates = (basis: 'calibration' | 'trueCalibration') => async (q: Query) => {
    const rows = await q(compareId);
    const byBin = new Map<string, { predicted: number[]; observed: number[] }>();
    for (const p of report.policies) {
      p[basis]?.bins.forEach((b, i) => {
        const label = `${String(i).padStart(2, '0')} [${b.lower}, ${b.upper})`;
        const e = byBin.get(label) ?? { predicted: [], observed: [] };
        // A rate the report could not state (null) is absent from the document and from the average.
        if (b.meanPredicted !== null) e.predicted.push(b.meanPredicted);
        if (b.observedRate !== null) e.observed.push(b.observedRate);
        byBin.set(label, e);
      });
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(rows.map((r) => r.keys['x'])).toEqual([...byBin.keys()].sort());
    for (const r of rows) {
      close(r.metrics['m0'], mean(byBin.get(String(r.keys['x']))!.predicted), `predicted ${r.keys['x']}`);
      close(r.metrics['m1'], mean(byBin.get(String(r.keys['x']))!.observed), `observed ${r.keys['x']}`);
    }
  };

  const headToHead = () => [report.champion, report.challenger];

  /** What each panel must show; a panel without an entry fails the test. */
  const CHECKS: Record<string, (q: Query) => Promise<void>> = {
    'run-summary': async (q) => {
      const rows = await q(runId);
      expect(rows.map((r) => r.keys['x']).sort()).toEqual(summary.policies.map((p) => p.name).sort());
      for (const r of rows) {
        const p = policyOf(String(r.keys['x']));
        const expected = [p.spend, p.attributedRevenue, p.predictedRoi, p.actualRoi, p.conversions, p.wins, p.winRate, p.savings?.avoidedShare ?? null];
        expected.forEach((v, i) => close(r.metrics[`m${i}`], v, `${p.name} m${i}`));
      }
    },
    'spend-per-hour': async (q) => {
      const totals = sumBy(await q(runId), 's0', 'm0');
      for (const p of summary.policies) close(totals.get(p.name), p.spend, `${p.name} spend over hours`);
      const rows = await q(compareId);
      for (const t of report.timeline.policies) {
        const mine = rows.filter((r) => r.keys['s0'] === t.policy).sort((a, b) => Number(a.keys['x']) - Number(b.keys['x']));
        expect(mine.map((r) => r.metrics['m0']!).map((v, i) => Math.abs(v - increments(t.spend)[i]!) < 1e-9)).toEqual(mine.map(() => true));
      }
    },
    'revenue-per-hour': async (q) => {
      const rows = await q(compareId);
      const totals = sumBy(rows, 's0', 'm0');
      for (const p of report.policies) close(totals.get(p.name), p.attributedRevenue, `${p.name} revenue over hours`);
      for (const t of report.timeline.policies) {
        const mine = rows.filter((r) => r.keys['s0'] === t.policy).sort((a, b) => Number(a.keys['x']) - Number(b.keys['x']));
        expect(mine.map((r) => r.metrics['m0'])).toEqual(increments(t.revenue));
      }
    },
    'wins-per-hour': async (q) => {
      const totals = sumBy(await q(runId), 's0', 'm0');
      for (const p of summary.policies) expect(totals.get(p.name)).toBe(p.wins);
      const compared = sumBy(await q(compareId), 's0', 'm0');
      for (const p of report.policies) expect(compared.get(p.name)).toBe(p.wins);
    },
    'win-rate-per-hour': async (q) => {
      const rows = await q(runId, { bids: { filter: { term: { bid: true } } } });
      const wins = new Map<string, number>();
      for (const r of rows) wins.set(String(r.keys['s0']), (wins.get(String(r.keys['s0'])) ?? 0) + (r.metrics['m0'] ?? 0) * r.extra['bids']!);
      for (const p of summary.policies) close(wins.get(p.name), p.wins, `${p.name} win rate × bids over hours`);
    },
    'roi-predicted-actual': async (q) => {
      for (const r of await q(runId)) {
        close(r.metrics['m0'], policyOf(String(r.keys['x'])).predictedRoi, `${r.keys['x']} predicted ROI`);
        close(r.metrics['m1'], policyOf(String(r.keys['x'])).actualRoi, `${r.keys['x']} actual ROI`);
      }
    },
    conversions: async (q) => {
      const rows = await q(runId);
      expect(rows).toHaveLength(summary.policies.length);
      for (const r of rows) expect(r.metrics['m0']).toBe(policyOf(String(r.keys['x'])).conversions);
    },
    savings: async (q) => {
      for (const r of await q(runId)) {
        const p = policyOf(String(r.keys['x']));
        close(r.metrics['m0'], p.savings?.avoidedShare, `${p.name} avoided share`);
        close(r.metrics['m1'], p.savings?.conversionsRetained, `${p.name} conversions retained`);
      }
    },
    verdicts: async (q) => {
      const rows = await q(compareId);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.keys).toEqual({ x: compareId, s0: report.champion, s1: report.challenger, s2: report.gate.verdict });
      const d = report.statistics.figures.difference;
      const m = rows[0]!.metrics;
      expect(m['m0']).toBe(report.gate.checks.filter((c) => !c.passed).length);
      close(m['m1'], d['roi']!.estimate, 'ROI difference');
      close(m['m2'], d['roi']!.lower, 'lower');
      close(m['m3'], d['roi']!.upper, 'upper');
      close(m['m4'], d['conversions']!.estimate, 'conversions difference');
    },
    'gate-checks': async (q) => {
      const rows = await q(compareId);
      expect(rows).toHaveLength(GATE.length);
      for (const c of report.gate.checks) {
        const r = rows.find((x) => x.keys['x'] === c.rule)!;
        expect(r.keys['s0']).toBe(c.passed ? 'true' : 'false');
        close(r.metrics['m0'], c.estimate, `${c.rule} estimate`);
        close(r.metrics['m1'], c.lower, `${c.rule} lower`);
        close(r.metrics['m2'], c.upper, `${c.rule} upper`);
        close(r.metrics['m3'], c.threshold, `${c.rule} threshold`);
      }
    },
    'head-to-head-money': async (q) => {
      const rows = await q(compareId);
      expect(rows.map((r) => r.keys['x']).sort()).toEqual(headToHead().sort());
      for (const r of rows) {
        close(r.metrics['m0'], reportPolicy(String(r.keys['x'])).spend, 'spend');
        close(r.metrics['m1'], reportPolicy(String(r.keys['x'])).attributedRevenue, 'revenue');
      }
    },
    'head-to-head-roi': async (q) => {
      const rows = await q(compareId);
      expect(rows.map((r) => r.keys['x']).sort()).toEqual(headToHead().sort());
      for (const r of rows) {
        const p = reportPolicy(String(r.keys['x']));
        close(r.metrics['m0'], p.actualRoi, 'actual ROI');
        close(r.metrics['m1'], p.predictedRoi, 'predicted ROI');
        expect(r.metrics['m2']).toBe(p.conversions);
      }
    },
    'head-to-head-roi-country': segmentCheck('country', ['actualRoi'], ['champion', 'challenger']),
    'head-to-head-roi-appCategory': segmentCheck('appCategory', ['actualRoi'], ['champion', 'challenger']),
    ...Object.fromEntries(['appCategory', 'country', 'os', 'recency'].flatMap((d) => [
      [`segment-roi-${d}`, segmentCheck(d, ['actualRoi', 'predictedRoi'])],
      [`segment-conversions-${d}`, segmentCheck(d, ['conversions'])],
    ])),
    'calibration-wins': calibrationRates('calibration'),
    'calibration-truth': calibrationRates('trueCalibration'),
    'calibration-observed-by-policy': async (q) => {
      const rows = await q(compareId);
      const expected = report.policies.flatMap((p) => (p.calibration?.bins ?? []).map((b) => ({ policy: p.name, b })));
      expect(rows).toHaveLength(expected.length);
      for (const r of rows) {
        const bins = reportPolicy(String(r.keys['s0'])).calibration!.bins;
        close(r.metrics['m0'], bins[Number(String(r.keys['x']).slice(0, 2))]!.observedRate, `${r.keys['s0']} ${r.keys['x']}`);
      }
    },
    'calibration-table': async (q) => {
      const rows = await q(compareId);
      for (const r of rows) {
        const b = reportPolicy(String(r.keys['x'])).calibration!.bins[Number(String(r.keys['s0']).slice(0, 2))]!;
        expect(r.metrics['m0']).toBe(b.count);
        close(r.metrics['m1'], b.meanPredicted, 'predicted');
        close(r.metrics['m2'], b.observedRate, 'observed');
        close(r.metrics['m3'], b.count * b.meanPredicted, 'predicted conversions');
        close(r.metrics['m4'], b.count * b.observedRate, 'observed conversions');
      }
      // Over the bins, observed conversions add up to the won impressions that converted.
      const observed = sumBy(rows, 'x', 'm4');
      for (const p of report.policies.filter((x) => x.calibration)) {
        const bins = p.calibration!.bins;
        close(observed.get(p.name), bins.reduce((s, b) => s + b.count * b.observedRate, 0), `${p.name} observed conversions`);
        expect(sumBy(rows, 'x', 'm0').get(p.name)).toBe(p.wins);
      }
    },
    'win-rate-by-floor': winRateCheck((e) => e.floor),
    'win-rate-by-competition': winRateCheck((e) => e.competitor),
    'price-by-floor': priceCheck((e) => histogramKey(e.floor)!),
    'price-per-hour': async (q) => {
      const rows = await q(runId);
      const start = Date.parse('2025-03-03T00:00:00Z');
      await priceCheck((e) => start + Math.floor(e.time / 3600) * 3_600_000)(async () => rows);
    },
    'market-by-policy': async (q) => {
      const rows = await q(runId);
      expect(rows).toHaveLength(summary.policies.length);
      for (const r of rows) {
        const p = policyOf(String(r.keys['x']));
        expect(r.metrics['m0']).toBe(p.bids);
        expect(r.metrics['m1']).toBe(p.wins);
        close(r.metrics['m2'], p.winRate, `${p.name} win rate`);
        close(r.metrics['m3'], p.spend, `${p.name} spend`);
        close(r.metrics['m4'], p.ecpm, `${p.name} paid CPM`);
        expect(r.metrics['m5']).toBeGreaterThan(0);
      }
    },
  };

  it('has a check for every panel', () => {
    expect(Object.keys(CHECKS).sort()).toEqual(DASHBOARDS.flatMap((d) => d.panels.map((p) => p.id)).sort());
  });

  for (const d of DASHBOARDS) {
    for (const panel of d.panels) {
      it(`${d.title} › ${panel.title}`, async () => {
        await CHECKS[panel.id]!(panelQuery(url, panel));
      });
    }
  }
});
