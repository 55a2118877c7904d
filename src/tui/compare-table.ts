import type { ComparisonReport } from '../report/index.js';
import { summaryRows } from '../report/index.js';
import { seedSpread } from '../run/seed-spread.js';
import { money, percent } from './format.js';

/** Columns padded to their widest cell; the first left-aligned, the rest right-aligned. */
function table(rows: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

/**
 * The end of `bidlab compare` in the terminal: the verdict and its reasons, the champion and
 * challenger side by side with the difference and its interval, every policy (with the
 * reference policies) on the headline figures, and the spread over seeds when there were several.
 */
export function compareTable(report: ComparisonReport): string {
  const s = report.statistics;
  const level = `${Math.round(s.confidence * 100)}% interval`;
  const lines = [
    `${report.scenario.name}: challenger '${report.challenger}' vs champion '${report.champion}', ${report.mode === 'worlds' ? 'same traffic (parallel worlds)' : 'users split between them'}, seed${report.seeds.length > 1 ? 's' : ''} ${report.seeds.join(', ')}`,
    '',
    ...table([
      ['', report.champion, report.challenger, 'difference', level],
      ...summaryRows(report).map((r) => [r.label, r.champion, r.challenger, r.difference, r.interval]),
    ]),
    '',
    ...table([
      ['policy', 'kind', 'wins', 'spend', 'conv.', 'revenue', 'ROI', 'saved', 'conv. kept', 'regret'],
      ...report.policies.map((p) => [
        p.name, p.kind, String(p.wins), money(p.spend), String(p.conversions), money(p.attributedRevenue), percent(p.actualRoi),
        p.savings ? percent(p.savings.avoidedShare) : '', p.savings ? percent(p.savings.conversionsRetained) : '',
        p.regret !== undefined ? money(p.regret) : '',
      ]),
    ]),
  ];
  if (report.perSeed && report.perSeed.length > 1) {
    const spread = (x: { mean: number; min: number; max: number }, f: (v: number) => string) => `${f(x.mean)} [${f(x.min)}, ${f(x.max)}]`;
    lines.push('', `over ${report.perSeed.length} seeds: mean [min, max]`, ...table([
      ['policy', 'spend', 'conversions', 'revenue', 'ROI'],
      ...seedSpread(report.perSeed).map((p) => [
        p.name, spread(p.figures.spend, money), spread(p.figures.conversions, (v) => v.toFixed(1)),
        spread(p.figures.attributedRevenue, money), spread(p.figures.actualRoi, percent),
      ]),
    ]));
  }
  lines.push('', `verdict: ${report.gate.verdict}${report.gate.checks.length === 0 ? ' (no gate rules)' : ''}`, ...report.gate.reasons.map((r) => `  - ${r}`));
  return lines.join('\n');
}
