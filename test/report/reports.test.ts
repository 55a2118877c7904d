import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_CHART_IDS, reportHtml, reportJson, reportMarkdown, summaryRows, writeReports } from '../../src/report/index.js';
import { sampleReport } from './sample-report.js';
import { wellFormedProblems } from './well-formed.js';

const report = sampleReport();

describe('reportJson', () => {
  const text = reportJson(report);
  const parsed = JSON.parse(text);

  it('carries the scenario, seeds, model hashes and bidlab version', () => {
    expect(parsed.formatVersion).toBe(1);
    expect(parsed.bidlab.version).toBe('0.1.0');
    expect(parsed.scenario).toEqual(report.scenario);
    expect(parsed.seeds).toEqual([1, 2, 3]);
    expect(parsed.models.map((m: { sha256: string }) => m.sha256)).toEqual(report.models.map((m) => m.sha256));
    expect(parsed.statistics.figures.difference.roi.lower).toBe(report.statistics.figures.difference.roi.lower);
    expect(parsed.gate.verdict).toBe(report.gate.verdict);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes undefined ratios as null, never as invalid JSON', () => {
    const baseline = parsed.policies.find((p: { name: string }) => p.name === 'everything');
    expect(report.policies[2]!.predictedRoi).toBeNaN();
    expect(baseline.predictedRoi).toBeNull();
    expect(text).not.toMatch(/NaN|Infinity/);
  });

  it('is the same text for the same report', () => {
    expect(reportJson(sampleReport())).toBe(text);
  });
});

describe('reportMarkdown', () => {
  const md = reportMarkdown(report);

  it('opens with the verdict and lists every gate check with its reason', () => {
    expect(md.split('\n')[0]).toBe(`## ${report.gate.verdict === 'PASS' ? '✅ PASS' : '❌ FAIL'}: challenger \`challenger\` vs champion \`champion\``);
    for (const c of report.gate.checks) expect(md).toContain(`${c.passed ? '✅' : '❌'} ${c.reason}`);
  });

  it('has the side-by-side table with every summary row, and stays short', () => {
    for (const r of summaryRows(report)) expect(md).toContain(`| ${r.label} | ${r.champion} | ${r.challenger} | ${r.difference} | ${r.interval} |`);
    expect(md).toContain('| | champion | challenger | difference | 95% interval |');
    expect(md).toMatch(/ROI difference across 3 seeds: from \+5\.0 pp to \+5\.0 pp\./);
    expect(md.split('\n').length).toBeLessThan(40);
  });

  it('says PASS with no rules', () => {
    expect(reportMarkdown(sampleReport({ gate: [] }))).toMatch(/^## ✅ PASS[^\n]*\n[\s\S]*No gate rules/);
  });
});

describe('summaryRows', () => {
  it('puts the bootstrap interval of the difference beside each bootstrapped figure', () => {
    const roi = summaryRows(report).find((r) => r.label === 'ROI (actual)')!;
    const d = report.statistics.figures.difference.roi;
    const pp = (x: number) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1).replace('-', '−')} pp`;
    expect(roi.interval).toBe(`[${pp(d.lower)}, ${pp(d.upper)}]`);
    expect(summaryRows(report).find((r) => r.label === 'Win rate')!.interval).toBe('');
  });
});

describe('reportHtml', () => {
  const html = reportHtml(report);

  it('is well-formed', () => {
    // The checker itself catches what it is for.
    expect(wellFormedProblems('<div><span></div>')).not.toEqual([]);
    expect(wellFormedProblems('<p a="1" a="2">x</p>')).toEqual(['duplicate attribute a on <p>']);
    expect(wellFormedProblems('<p>fish & chips</p>')).toEqual(['stray & in text: fish & chips']);
    expect(wellFormedProblems(html)).toEqual([]);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  });

  it('is self-contained: no script, no external stylesheet, no network address anywhere', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\b(?:src|href|xlink:href)\s*=\s*"(?:https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//i);
  });

  it('draws every chart as inline SVG, the ROI chart once per segment dimension', () => {
    for (const id of REPORT_CHART_IDS) {
      const start = html.indexOf(`<figure id="${id}">`);
      expect(start, id).toBeGreaterThan(0);
      const figure = html.slice(start, html.indexOf('</figure>', start));
      expect(figure, id).toMatch(/<svg [^>]*role="img"/);
      expect(figure, id).not.toContain('class="empty"');
    }
    for (const d of ['appCategory', 'country', 'os', 'recency', 'activity']) expect(html).toMatch(new RegExp(`<div class="segment" id="chart-roi-${d}"><svg`));
    // Both policies' series are drawn in the calibration and savings charts.
    const calibration = html.slice(html.indexOf('<figure id="chart-calibration">'), html.indexOf('<figure id="chart-roi-by-segment">'));
    expect(calibration.match(/<path class="series"/g)!.length).toBeGreaterThanOrEqual(2);
    expect(html.slice(html.indexOf('<figure id="chart-savings-curve">')).match(/<circle class="marker"/g)!.length).toBe(3);
  });

  it('puts the verdict at the top, before the table and charts', () => {
    const body = html.slice(html.indexOf('<body>') + 6).trimStart();
    expect(body.startsWith(`<header id="verdict" class="${report.gate.verdict === 'PASS' ? 'pass' : 'fail'}">`)).toBe(true);
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('<table>'));
    for (const c of report.gate.checks) expect(html).toContain(c.reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  it('escapes names it did not choose', () => {
    const odd = reportHtml(sampleReport({ challenger: 'x<script>alert("&")</script>' }));
    expect(odd).not.toContain('<script>');
    expect(odd).toContain('x&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt;');
    expect(wellFormedProblems(odd)).toEqual([]);
  });

  it('says so where a chart has no data, instead of drawing an empty frame', () => {
    const bare = reportHtml({ ...report, timeline: undefined, savingsCurve: undefined, policies: report.policies.map(({ savings: _s, calibration: _c, ...p }) => p), segments: [] });
    expect(wellFormedProblems(bare)).toEqual([]);
    expect(bare).toContain('No timeline in this comparison.');
    expect(bare).toContain('No calibration data in this comparison.');
    expect(bare).toContain('No savings data in this comparison.');
  });
});

describe('writeReports', () => {
  const dirs: string[] = [];
  afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

  it('writes the three reports into a new folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bidlab-report-'));
    dirs.push(dir);
    const out = join(dir, 'nested', 'out');
    const written = await writeReports(out, report);
    expect((await readdir(out)).sort()).toEqual(['report.html', 'report.json', 'report.md']);
    expect(await readFile(written.json, 'utf8')).toBe(reportJson(report));
    expect(await readFile(written.html, 'utf8')).toBe(reportHtml(report));
  });

  it('leaves nothing behind when it cannot write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bidlab-report-'));
    dirs.push(dir);
    await writeFile(join(dir, 'blocked'), 'a file, not a folder');
    await expect(writeReports(join(dir, 'blocked'), report)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['blocked']);
  });
});

describe('report number formats', () => {
  it('writes a count that rounds to nothing as 0, never −0', async () => {
    const { count, signedCount } = await import('../../src/report/format.js');
    expect(count(-0.3)).toBe('0');
    expect(signedCount(-0.3)).toBe('0');
    expect(count(-1234.6)).toBe('−1,235');
    expect(signedCount(12)).toBe('+12');
  });
});
