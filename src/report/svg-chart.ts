import { escapeHtml as esc } from './escape-html.js';

/**
 * Small inline-SVG charts for report.html, written out as markup so the report needs no script
 * and no network. Every element is closed and every attribute quoted, so the output is also
 * well-formed XML.
 */

export type Scale = 'linear' | 'log';

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  /** SVG stroke-dasharray, e.g. '6 3'. */
  readonly dash?: string;
  /** Draw a dot at every point (sparse data such as calibration bins). */
  readonly dots?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: ReadonlyArray<LineSeries>;
  readonly xScale?: Scale;
  readonly yScale?: Scale;
  readonly xFormat?: (x: number) => string;
  readonly yFormat?: (y: number) => string;
  /** Fixed axis ranges; default from the data. */
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  /** Draw y = x (calibration plots). */
  readonly diagonal?: boolean;
  /** Single labelled markers (e.g. each policy's operating point). */
  readonly markers?: ReadonlyArray<{ readonly name: string; readonly color: string; readonly x: number; readonly y: number }>;
}

export interface BarChartOptions {
  readonly title: string;
  readonly categories: ReadonlyArray<string>;
  /** One bar per category and series; `ticks` draws a short mark on each bar (e.g. a predicted value). */
  readonly series: ReadonlyArray<{ readonly name: string; readonly color: string; readonly values: ReadonlyArray<number>; readonly ticks?: ReadonlyArray<number> }>;
  readonly valueFormat: (x: number) => string;
  readonly tickLabel?: string;
}

/** Chart width, and a line chart's height down to its x-axis label; the legend adds rows below. */
const W = 640, H = 360;
const M = { top: 36, right: 20, bottom: 48, left: 72 };

export function lineChart(o: LineChartOptions): string {
  const xs = o.series.flatMap((s) => s.points.map((p) => p[0])).concat(o.markers?.map((m) => m.x) ?? []);
  const ys = o.series.flatMap((s) => s.points.map((p) => p[1])).concat(o.markers?.map((m) => m.y) ?? []);
  const xScale = o.xScale ?? 'linear', yScale = o.yScale ?? 'linear';
  const xd = o.xDomain ?? domainOf(xs, xScale), yd = o.yDomain ?? domainOf(ys, yScale);
  const px = project(xd, xScale, M.left, W - M.right), py = project(yd, yScale, H - M.bottom, M.top);
  const key = legend([...o.series.map((s) => ({ name: s.name, color: s.color, dash: s.dash })), ...(o.markers ?? []).map((m) => ({ name: m.name, color: m.color, dot: true }))], H - M.bottom + 58);
  const parts: string[] = [frame(o.title, key.bottom), axes(xd, yd, xScale, yScale, px, py, o.xFormat ?? String, o.yFormat ?? String, o.xLabel, o.yLabel)];
  if (o.diagonal) {
    const lo = Math.max(xd[0], yd[0]), hi = Math.min(xd[1], yd[1]);
    parts.push(`<line x1="${f(px(lo))}" y1="${f(py(lo))}" x2="${f(px(hi))}" y2="${f(py(hi))}" stroke="#999" stroke-dasharray="4 4"/>`);
  }
  for (const s of o.series) {
    const pts = s.points.filter(([x, y]) => inside(x, xd, xScale) && inside(y, yd, yScale));
    if (pts.length === 0) continue;
    const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${f(px(x))},${f(py(y))}`).join(' ');
    parts.push(`<path class="series" d="${d}" fill="none" stroke="${esc(s.color)}" stroke-width="2"${s.dash ? ` stroke-dasharray="${esc(s.dash)}"` : ''}><title>${esc(s.name)}</title></path>`);
    if (s.dots) for (const [x, y] of pts) parts.push(`<circle cx="${f(px(x))}" cy="${f(py(y))}" r="3" fill="${esc(s.color)}"/>`);
  }
  for (const m of o.markers ?? []) {
    if (!(inside(m.x, xd, xScale) && inside(m.y, yd, yScale))) continue;
    parts.push(`<circle class="marker" cx="${f(px(m.x))}" cy="${f(py(m.y))}" r="6" fill="${esc(m.color)}" stroke="#fff" stroke-width="1.5"><title>${esc(m.name)}</title></circle>`);
  }
  parts.push(key.markup);
  return svg(o.title, parts, key.bottom);
}

export function barChart(o: BarChartOptions): string {
  const values = o.series.flatMap((s) => [...s.values, ...(s.ticks ?? [])]).filter(Number.isFinite);
  const [lo, hi] = domainOf(values.concat(0), 'linear');
  const rowHeight = 10 * o.series.length + 10;
  const plotBottom = M.top + rowHeight * o.categories.length;
  const key = legend([...o.series.map((s) => ({ name: s.name, color: s.color })), ...(o.tickLabel ? [{ name: o.tickLabel, color: '#222', tick: true }] : [])], plotBottom + 40);
  const height = key.bottom;
  const left = 120;
  const px = project([lo, hi], 'linear', left, W - M.right);
  const parts: string[] = [frame(o.title, height)];
  for (const t of ticks([lo, hi], 'linear')) {
    parts.push(`<line x1="${f(px(t))}" y1="${M.top}" x2="${f(px(t))}" y2="${plotBottom}" stroke="#eee"/>`);
    parts.push(`<text x="${f(px(t))}" y="${plotBottom + 16}" text-anchor="middle" class="tick">${esc(o.valueFormat(t))}</text>`);
  }
  o.categories.forEach((category, c) => {
    const y0 = M.top + c * rowHeight;
    parts.push(`<text x="${left - 6}" y="${f(y0 + rowHeight / 2 + 2)}" text-anchor="end" class="tick">${esc(category)}</text>`);
    o.series.forEach((s, i) => {
      const v = s.values[c]!, y = y0 + 5 + i * 10;
      if (Number.isFinite(v)) {
        const a = px(Math.min(0, v)), b = px(Math.max(0, v));
        parts.push(`<rect x="${f(a)}" y="${f(y)}" width="${f(Math.max(b - a, 0.5))}" height="8" fill="${esc(s.color)}"><title>${esc(`${s.name}, ${category}: ${o.valueFormat(v)}`)}</title></rect>`);
      }
      const t = s.ticks?.[c];
      if (t !== undefined && Number.isFinite(t)) {
        parts.push(`<line x1="${f(px(t))}" y1="${f(y - 2)}" x2="${f(px(t))}" y2="${f(y + 10)}" stroke="#222" stroke-width="2"><title>${esc(`${s.name}, ${category}: ${o.tickLabel ?? ''} ${o.valueFormat(t)}`)}</title></line>`);
      }
    });
  });
  parts.push(`<line x1="${f(px(0))}" y1="${M.top}" x2="${f(px(0))}" y2="${plotBottom}" stroke="#444"/>`);
  parts.push(key.markup);
  return svg(o.title, parts, height);
}

function svg(title: string, parts: string[], height = H): string {
  return `<svg viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

function frame(title: string, height: number): string {
  return `<rect x="0" y="0" width="${W}" height="${height}" fill="#fff"/><text x="${W / 2}" y="20" text-anchor="middle" class="title">${esc(title)}</text>`;
}

function axes(
  xd: readonly [number, number], yd: readonly [number, number], xs: Scale, ys: Scale,
  px: (x: number) => number, py: (y: number) => number, xf: (x: number) => string, yf: (y: number) => string, xLabel: string, yLabel: string,
): string {
  const out: string[] = [];
  for (const t of ticks(xd, xs)) {
    out.push(`<line x1="${f(px(t))}" y1="${M.top}" x2="${f(px(t))}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${f(px(t))}" y="${H - M.bottom + 16}" text-anchor="middle" class="tick">${esc(xf(t))}</text>`);
  }
  for (const t of ticks(yd, ys)) {
    out.push(`<line x1="${M.left}" y1="${f(py(t))}" x2="${W - M.right}" y2="${f(py(t))}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${f(py(t) + 4)}" text-anchor="end" class="tick">${esc(yf(t))}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - M.bottom + 36}" text-anchor="middle" class="axis">${esc(xLabel)}</text>`);
  out.push(`<text x="16" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" class="axis" transform="rotate(-90 16 ${(M.top + H - M.bottom) / 2})">${esc(yLabel)}</text>`);
  return out.join('');
}

/**
 * A legend starting at baseline `top`, wrapped into rows that fit the chart's width; `bottom` is
 * the height the chart needs to show it. Text width is estimated (no layout engine here) at
 * 8.2 px per character of 12 px type, generous for the usual sans-serif faces.
 */
function legend(items: ReadonlyArray<{ name: string; color: string; dash?: string; dot?: boolean; tick?: boolean }>, top: number): { markup: string; bottom: number } {
  let x = M.left, y = top;
  const out: string[] = [];
  for (const it of items) {
    const width = 30 + 8.2 * it.name.length;
    if (x > M.left && x + width > W - M.right) { x = M.left; y += 18; }
    out.push(it.dot
      ? `<circle cx="${x + 9}" cy="${y - 4}" r="5" fill="${esc(it.color)}"/>`
      : it.tick
        ? `<line x1="${x + 9}" y1="${y - 10}" x2="${x + 9}" y2="${y + 2}" stroke="${esc(it.color)}" stroke-width="2"/>`
        : `<line x1="${x}" y1="${y - 4}" x2="${x + 18}" y2="${y - 4}" stroke="${esc(it.color)}" stroke-width="3"${it.dash ? ` stroke-dasharray="${esc(it.dash)}"` : ''}/>`);
    out.push(`<text x="${x + 24}" y="${y}" class="legend">${esc(it.name)}</text>`);
    x += width + 14;
  }
  return { markup: out.join(''), bottom: y + 12 };
}

/** A padded range covering the finite values (positive ones on a log scale); [0, 1] when there are none. */
function domainOf(values: ReadonlyArray<number>, scale: Scale): [number, number] {
  const v = values.filter((x) => Number.isFinite(x) && (scale === 'linear' || x > 0));
  if (v.length === 0) return scale === 'log' ? [1e-4, 1] : [0, 1];
  let lo = Math.min(...v), hi = Math.max(...v);
  if (scale === 'log') return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi) + 1e-9)];
  if (lo === hi) { lo -= Math.abs(lo) || 1; hi += Math.abs(hi) || 1; }
  const step = niceStep((hi - lo) / 5);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

function ticks(d: readonly [number, number], scale: Scale): number[] {
  const out: number[] = [];
  if (scale === 'log') {
    for (let e = Math.ceil(Math.log10(d[0]) - 1e-9); e <= Math.floor(Math.log10(d[1]) + 1e-9); e++) out.push(10 ** e);
    return out;
  }
  const step = niceStep((d[1] - d[0]) / 5);
  for (let t = Math.ceil(d[0] / step - 1e-9) * step; t <= d[1] + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return out;
}

function niceStep(rough: number): number {
  const p = 10 ** Math.floor(Math.log10(rough));
  const m = rough / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function project(d: readonly [number, number], scale: Scale, from: number, to: number): (x: number) => number {
  const t = scale === 'log' ? Math.log10 : (x: number) => x;
  const a = t(d[0]), b = t(d[1]);
  return (x) => from + ((t(x) - a) / (b - a || 1)) * (to - from);
}

function inside(v: number, d: readonly [number, number], scale: Scale): boolean {
  return Number.isFinite(v) && (scale === 'linear' || v > 0) && v >= d[0] - 1e-12 && v <= d[1] + 1e-12;
}

/** Coordinates to one decimal: enough for the eye, small files. */
function f(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
