import type { ComparisonReport } from './comparison-report.js';
import { count, percent, signedPercent } from './format.js';
import { summaryRows } from './summary-rows.js';

/**
 * report.md: short enough for a pull-request comment. The verdict and its reasons first, then the
 * side-by-side table with the challenger − champion intervals, then where the numbers came from.
 */
const points = (x: number) => signedPercent(x).replace(/%$/, ' pp');

export function reportMarkdown(report: ComparisonReport): string {
  const s = report.statistics;
  const pass = report.gate.verdict === 'PASS';
  const lines: string[] = [
    `## ${pass ? '✅ PASS' : '❌ FAIL'}: challenger \`${report.challenger}\` vs champion \`${report.champion}\``,
    '',
    `Scenario \`${report.scenario.name}\`, ${report.mode === 'worlds' ? 'same traffic for both (parallel worlds)' : 'users split between them'}, `
      + `seed${report.seeds.length > 1 ? 's' : ''} ${report.seeds.join(', ')}. `
      + `${percent(s.confidence, 0)} intervals from ${count(s.resamples)} bootstrap resamples of ${count(s.users)} users (${count(s.activeUsers)} active).`,
    '',
  ];
  if (report.gate.checks.length === 0) lines.push('No gate rules: nothing to fail.', '');
  for (const c of report.gate.checks) lines.push(`- ${c.passed ? '✅' : '❌'} ${c.reason}`);
  if (report.gate.checks.length) lines.push('');
  lines.push(`| | ${report.champion} | ${report.challenger} | difference | ${percent(s.confidence, 0)} interval |`, '|---|---:|---:|---:|---:|');
  for (const r of summaryRows(report)) {
    lines.push(`| ${r.label} | ${r.champion} | ${r.challenger} | ${r.difference} | ${r.interval} |`);
  }
  if (report.perSeed && report.perSeed.length > 1) {
    const diffs = report.perSeed.map((seed) => {
      const a = seed.policies.find((p) => p.name === report.champion), b = seed.policies.find((p) => p.name === report.challenger);
      return a && b ? b.actualRoi - a.actualRoi : NaN;
    }).filter((d) => d === d);
    if (diffs.length) {
      lines.push('', `ROI difference across ${diffs.length} seeds: from ${points(Math.min(...diffs))} to ${points(Math.max(...diffs))}.`);
    }
  }
  const models = report.models.map((m) => `\`${m.policy}\` ${m.path} (sha256 ${m.sha256.slice(0, 12)})`).join('; ');
  lines.push('', `<sub>bidlab ${report.bidlab.version}${models ? ` · ${models}` : ''} · full figures in report.json and report.html</sub>`, '');
  return lines.join('\n');
}
