import { SEGMENT_DIMENSIONS, type SegmentBreakdown, type SegmentDimension } from '../metrics/index.js';
import type { ComparisonReport, ReportPolicy } from './comparison-report.js';
import { escapeHtml as esc } from './escape-html.js';
import { count, money, num, percent } from './format.js';
import { summaryRows } from './summary-rows.js';
import { barChart, lineChart, type LineSeries } from './svg-chart.js';

/** The ids of report.html's charts, in page order (tests and the Chromium check look for them). */
export const REPORT_CHART_IDS = ['chart-calibration', 'chart-roi-by-segment', 'chart-cumulative', 'chart-savings-curve'] as const;

const SEGMENT_TITLES: Readonly<Record<SegmentDimension, string>> = {
  appCategory: 'publisher app category', country: 'country', os: 'OS', recency: 'days since last purchase', activity: 'sessions in the last 30 days',
};
/** Countries beyond this many (by spend) are left out of the chart, not the JSON. */
const MAX_BUCKETS = 12;

/**
 * report.html: one self-contained file (inline CSS and SVG, no script, no network) that a
 * stakeholder opens in any browser. The gate's verdict comes first, then the side-by-side table
 * and the charts: calibration, ROI by segment, cumulative spend and revenue, savings against
 * conversions.
 */
export function reportHtml(report: ComparisonReport): string {
  const pass = report.gate.verdict === 'PASS';
  const s = report.statistics;
  const title = `${report.gate.verdict}: ${report.challenger} vs ${report.champion} (${report.scenario.name})`;
  const rows = summaryRows(report).map((r) =>
    `<tr><th scope="row">${esc(r.label)}</th><td>${esc(r.champion)}</td><td>${esc(r.challenger)}</td><td>${esc(r.difference)}</td><td>${esc(r.interval)}</td></tr>`).join('\n');
  const checks = report.gate.checks.length
    ? `<ul>${report.gate.checks.map((c) => `<li class="${c.passed ? 'ok' : 'bad'}">${c.passed ? '✔' : '✘'} ${esc(c.reason)}</li>`).join('')}</ul>`
    : '<p>No gate rules: nothing to fail.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header id="verdict" class="${pass ? 'pass' : 'fail'}">
<h1>${pass ? 'PASS' : 'FAIL'}</h1>
<p>Challenger <b>${esc(report.challenger)}</b> against champion <b>${esc(report.champion)}</b> on scenario <b>${esc(report.scenario.name)}</b></p>
${checks}
</header>
<main>
<section id="summary">
<h2>Side by side</h2>
<table>
<thead><tr><th></th><th scope="col">${esc(report.champion)} (champion)</th><th scope="col">${esc(report.challenger)} (challenger)</th><th scope="col">difference</th><th scope="col">${esc(percent(s.confidence, 0))} interval</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">${esc(percent(s.confidence, 0))} percentile intervals from ${esc(count(s.resamples))} paired bootstrap resamples over ${esc(count(s.users))} users (${esc(count(s.activeUsers))} with activity), seed ${esc(String(s.seed))}. ${report.mode === 'worlds' ? 'Both policies saw the same traffic, competitor bids and user responses, each with its own budget.' : 'Users were split between the policies, as in an A/B rollout.'}</p>
</section>
${figure('chart-calibration', 'Calibration of P(conversion) on won impressions', 'Mean predicted probability against the observed conversion rate per bin, log scales; on the dashed diagonal a model is calibrated. Bins with no conversions are off the log scale and not drawn.', calibrationChart(report))}
${figure('chart-roi-by-segment', 'ROI by segment', 'Actual ROI (bars) and predicted ROI (marks) per segment, for both policies.', roiBySegment(report))}
${figure('chart-cumulative', 'Cumulative spend and revenue over simulated time', 'Spend (solid) and attributed revenue (dashed) per policy; the dotted line is the daily budget, accumulated.', cumulativeChart(report))}
${figure('chart-savings-curve', 'Savings on non-performing ads against conversions kept', savingsCaption(report), savingsChart(report))}
${perSeedTable(report)}
<section id="provenance">
<h2>Where these numbers come from</h2>
<dl>
<dt>Scenario</dt><dd>${esc(report.scenario.name)}${report.scenario.file ? ` (${esc(report.scenario.file)})` : ''}${report.scenario.sha256 ? `, sha256 <code>${esc(report.scenario.sha256)}</code>` : ''}</dd>
<dt>Seeds</dt><dd>${esc(report.seeds.join(', '))}</dd>
<dt>Models</dt><dd>${report.models.length ? report.models.map((m) => `${esc(m.policy)}: ${esc(m.path)}, sha256 <code>${esc(m.sha256)}</code>`).join('<br/>') : 'none'}</dd>
<dt>bidlab</dt><dd>${esc(report.bidlab.version)}${report.createdAt ? `, written ${esc(report.createdAt)}` : ''}</dd>
</dl>
</section>
</main>
</body>
</html>
`;
}

function figure(id: string, heading: string, caption: string, body: string): string {
  return `<figure id="${id}">\n<h2>${esc(heading)}</h2>\n${body}\n<figcaption>${esc(caption)}</figcaption>\n</figure>`;
}

function empty(what: string): string {
  return `<p class="empty">No ${esc(what)} in this comparison.</p>`;
}

/** Champion blue, challenger orange, baseline grey, oracle green: the same in every chart. */
function colorOf(report: ComparisonReport, name: string): string {
  if (name === report.champion) return '#1f77b4';
  if (name === report.challenger) return '#ff7f0e';
  if (name === report.baseline) return '#7f7f7f';
  if (name === report.oracle) return '#2ca02c';
  const others = ['#9467bd', '#8c564b', '#e377c2', '#17becf'];
  return others[report.policies.findIndex((p) => p.name === name) % others.length]!;
}

function calibrationChart(report: ComparisonReport): string {
  const series: LineSeries[] = report.policies
    .filter((p): p is ReportPolicy & { calibration: NonNullable<ReportPolicy['calibration']> } => p.calibration !== undefined && p.calibration.bins.length > 0)
    .map((p) => ({
      name: `${p.name} (ECE ${num(p.calibration.ece, 2)})`,
      color: colorOf(report, p.name),
      points: p.calibration.bins.map((b) => [b.meanPredicted, b.observedRate] as const),
      dots: true,
    }));
  if (series.length === 0) return empty('calibration data');
  const positive = series.flatMap((s) => s.points.filter(([x, y]) => x > 0 && y > 0).flatMap(([x, y]) => [x, y]));
  if (positive.length === 0) return empty('bins with conversions');
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive))), hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)) - 1e-9);
  return lineChart({
    title: 'Predicted against observed conversion rate', xLabel: 'mean predicted P(conversion)', yLabel: 'observed conversion rate',
    series, xScale: 'log', yScale: 'log', xDomain: [lo, Math.min(1, hi)], yDomain: [lo, Math.min(1, hi)], diagonal: true,
    xFormat: powerOfTen, yFormat: powerOfTen,
  });
}

/** Log-axis ticks: 1, 0.1, 0.01, 0.001, then 1e-4, 1e-5, … (short enough for the axis). */
function powerOfTen(x: number): string {
  return x >= 1e-3 ? String(Number(x.toPrecision(1))) : `1e${Math.round(Math.log10(x))}`.replace('-', '−');
}

function roiBySegment(report: ComparisonReport): string {
  const pair = [report.champion, report.challenger];
  const charts = SEGMENT_DIMENSIONS.map((dimension) => {
    const breakdown: SegmentBreakdown | undefined = report.segments.find((b) => b.dimension === dimension);
    let buckets = breakdown?.buckets ?? [];
    const spendOf = (b: (typeof buckets)[number]) => b.policies.filter((p) => pair.includes(p.policy)).reduce((s, p) => s + p.spend, 0);
    buckets = buckets.filter((b) => spendOf(b) > 0);
    if (buckets.length > MAX_BUCKETS) buckets = [...buckets].sort((a, b) => spendOf(b) - spendOf(a)).slice(0, MAX_BUCKETS);
    const body = buckets.length === 0 ? empty(`spend by ${SEGMENT_TITLES[dimension]}`) : barChart({
      title: `ROI by ${SEGMENT_TITLES[dimension]}${breakdown && breakdown.buckets.length > buckets.length ? ` (top ${buckets.length} by spend)` : ''}`,
      categories: buckets.map((b) => b.label),
      series: pair.map((name) => ({
        name,
        color: colorOf(report, name),
        values: buckets.map((b) => b.policies.find((p) => p.policy === name)?.actualRoi ?? NaN),
        ticks: buckets.map((b) => b.policies.find((p) => p.policy === name)?.predictedRoi ?? NaN),
      })),
      valueFormat: (x) => percent(x, 0),
      tickLabel: 'predicted',
    });
    return `<div class="segment" id="chart-roi-${dimension}">${body}</div>`;
  });
  return `<div class="segments">${charts.join('\n')}</div>`;
}

function cumulativeChart(report: ComparisonReport): string {
  const t = report.timeline;
  if (!t || t.times.length === 0) return empty('timeline');
  const days = t.times.map((s) => s / 86_400);
  const series: LineSeries[] = t.policies.flatMap((p) => [
    { name: `${p.policy} spend`, color: colorOf(report, p.policy), points: p.spend.map((v, i) => [days[i]!, v] as const) },
    { name: `${p.policy} revenue`, color: colorOf(report, p.policy), dash: '6 4', points: p.revenue.map((v, i) => [days[i]!, v] as const) },
  ]);
  if (t.dailyBudget !== undefined) {
    series.push({ name: 'daily budget', color: '#555', dash: '2 3', points: [[0, 0], [days[days.length - 1]!, t.dailyBudget * days[days.length - 1]!]] });
  }
  return lineChart({
    title: 'Cumulative spend and attributed revenue', xLabel: 'simulated day', yLabel: 'USD', series, xDomain: [0, days[days.length - 1]!],
    xFormat: (x) => num(x, 3), yFormat: (y) => `$${num(y, 3)}`,
  });
}

function savingsChart(report: ComparisonReport): string {
  const curve = report.savingsCurve;
  const markers = report.policies
    .filter((p) => p.savings && Number.isFinite(p.savings.avoidedShare) && Number.isFinite(p.savings.conversionsRetained))
    .map((p) => ({ name: `${p.name} as run`, color: colorOf(report, p.name), x: p.savings!.avoidedShare, y: p.savings!.conversionsRetained }));
  const series: LineSeries[] = (curve?.policies ?? []).map((c) => ({
    name: c.policy,
    color: colorOf(report, c.policy),
    points: c.points.filter((pt) => Number.isFinite(pt.avoidedShare) && Number.isFinite(pt.conversionsRetained)).map((pt) => [pt.avoidedShare, pt.conversionsRetained] as const),
  }));
  if (series.every((s) => s.points.length === 0) && markers.length === 0) return empty('savings data');
  return lineChart({
    title: 'Non-performing spend avoided against conversions kept', xLabel: "share of the baseline's non-performing spend avoided",
    yLabel: 'share of baseline conversions kept', series, markers, xDomain: [0, 1], yDomain: [0, 1],
    xFormat: (x) => percent(x, 0), yFormat: (y) => percent(y, 0),
  });
}

function savingsCaption(report: ComparisonReport): string {
  const source = report.savingsCurve?.source === 'sweep'
    ? 'Each line is a sweep of full runs'
    : "Each line keeps only the baseline's impressions whose predicted P(conversion) clears a rising threshold (auctions held fixed)";
  return `${source}; dots are the policies as run. Up and to the right is better: more waste avoided, more conversions kept.`;
}

function perSeedTable(report: ComparisonReport): string {
  if (!report.perSeed || report.perSeed.length < 2) return '';
  const names = [report.champion, report.challenger];
  const rows = report.perSeed.map((s) => {
    const cells = names.map((n) => s.policies.find((p) => p.name === n)).map((p) => (p ? `<td>${esc(money(p.spend))}</td><td>${esc(count(p.conversions))}</td><td>${esc(percent(p.actualRoi))}</td>` : '<td></td><td></td><td></td>'));
    return `<tr><th scope="row">${esc(String(s.seed))}</th>${cells.join('')}</tr>`;
  }).join('\n');
  const head = names.map((n) => `<th scope="col">${esc(n)} spend</th><th scope="col">conversions</th><th scope="col">ROI</th>`).join('');
  return `<section id="seeds">\n<h2>Across seeds</h2>\n<table>\n<thead><tr><th scope="col">seed</th>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>\n</section>`;
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222;background:#f6f6f4}
header{padding:20px 32px;color:#fff}
header.pass{background:#1e7b34}
header.fail{background:#b3261e}
header h1{margin:0;font-size:40px;letter-spacing:2px}
header ul{margin:8px 0 0;padding-left:0;list-style:none}
header li{margin:2px 0}
main{padding:8px 32px 32px;max-width:1400px}
table{border-collapse:collapse;background:#fff;margin:8px 0}
th,td{padding:4px 10px;border-bottom:1px solid #e3e3e3;text-align:right;font-variant-numeric:tabular-nums}
th[scope=row],thead th:first-child{text-align:left}
figure{background:#fff;margin:20px 0;padding:12px 16px;border:1px solid #ddd}
figure h2{margin:0 0 8px;font-size:18px}
figcaption{color:#555;font-size:13px;margin-top:6px}
.segments{display:flex;flex-wrap:wrap;gap:8px}
svg{max-width:100%;height:auto}
svg text{font-family:system-ui,sans-serif;fill:#333}
svg .title{font-size:14px;font-weight:600}
svg .tick{font-size:11px}
svg .axis,svg .legend{font-size:12px}
.note,.empty{color:#555;font-size:13px}
code{font-size:12px}
dt{font-weight:600}
`;
