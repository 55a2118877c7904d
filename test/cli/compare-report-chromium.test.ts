import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CHART_IDS } from '../../src/report/index.js';
import { ensureBuilt, ROOT, run, runCli } from '../helpers/cli.js';

/** Debian's chromium package (installed by .ci/run). */
const CHROMIUM = process.env.BIDLAB_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshot is kept for people to look at (runs/ is not committed). */
const SCREENSHOT = join(ROOT, 'runs', 'report-screenshot.png');

let dir = '';
let html = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's 'chromium' package (apt-get install chromium) or set BIDLAB_CHROMIUM`);
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'bidlab-report-html-'));
  const r = await runCli(['compare', 'scenarios/quickstart.yaml', '--challenger', 'fixtures/models/challenger/model.txt',
    '--max-opportunities', '40000', '--out', dir, '--gate', 'roi-diff>=0@95', '--gate', 'ece<=0.02']);
  expect([0, 3]).toContain(r.code);
  html = join(dir, 'report.html');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Headless Chromium on the report; stdout and the browser's log (console messages are ':CONSOLE' lines). */
function chromium(args: string[]) {
  return run(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--enable-logging=stderr', '--v=0',
    `--user-data-dir=${join(dir, 'profile')}`, ...args, pathToFileURL(html).href,
  ], { env: { ...process.env, HOME: dir } });
}

describe('report.html in headless Chromium', () => {
  it('renders every chart with no console message, offline', async () => {
    const r = await chromium(['--dump-dom']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes(':CONSOLE'))).toEqual([]);
    const dom = r.stdout;
    const starts = REPORT_CHART_IDS.map((id) => dom.indexOf(`id="${id}"`));
    REPORT_CHART_IDS.forEach((id, i) => {
      expect(starts[i], `chart ${id}`).toBeGreaterThan(0);
      // Each chart's section (up to the next chart) holds a drawn SVG with marks, and no "no data" placeholder.
      const section = dom.slice(starts[i], starts[i + 1] ?? dom.length);
      expect(section, `chart ${id}`).toMatch(/<svg[^>]*>[\s\S]*?<(path|circle|polyline|line)\b/);
      expect(section, `chart ${id}`).not.toMatch(/class="empty"/);
    });
    const source = await readFile(html, 'utf8');
    expect(source).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('saves a screenshot of the rendered report', async () => {
    await mkdir(join(ROOT, 'runs'), { recursive: true });
    await rm(SCREENSHOT, { force: true });
    const r = await chromium(['--window-size=1200,2400', '--hide-scrollbars', `--screenshot=${SCREENSHOT}`]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes(':CONSOLE'))).toEqual([]);
    const png = await readFile(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(50_000);
  });
});

