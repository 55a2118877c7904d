import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from '../../src/load/index.js';
import { BIN, ensureBuilt, ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bidlab-serve-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const payloads = join(dir, 'payloads.json');
let serve: ChildProcess;
let serveErr = '';
let url: string;

/** `bidlab serve` on a free loopback port; resolves to its base URL once it listens. */
function startServe(): Promise<string> {
  serve = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    serve.stderr!.setEncoding('utf8').on('data', (s: string) => {
      serveErr += s;
      const m = /listening on (http:\/\/\S+)\/openrtb2\/bid/.exec(serveErr);
      if (m) resolve(m[1]!);
    });
    serve.on('exit', (code) => reject(new Error(`bidlab serve exited ${code}:\n${serveErr}`)));
  });
}

beforeAll(async () => {
  await ensureBuilt();
  const generated = await runCli(['generate', 'scenarios/quickstart.yaml', '--kind', 'requests', '--out', payloads, '--max-rows', '500']);
  expect(generated.code, generated.stderr).toBe(0);
  url = await startServe();
});

afterAll(() => { if (serve.exitCode === null) serve.kill('SIGKILL'); });

describe('bidlab generate --kind requests', () => {
  it('writes OpenRTB bodies from the scenario world, the same bytes every time', async () => {
    const requests = JSON.parse(readFileSync(payloads, 'utf8')) as Array<{ id: string; imp: unknown[]; device: { ifa?: string }; tmax: number }>;
    expect(requests).toHaveLength(500);
    expect(new Set(requests.map((r) => r.id)).size).toBe(500);
    expect(requests.every((r) => r.imp.length === 1 && r.tmax === 200)).toBe(true);
    expect(requests.filter((r) => r.device.ifa !== undefined).length).toBeGreaterThan(100);
    const again = join(dir, 'again.json');
    expect((await runCli(['generate', 'scenarios/quickstart.yaml', '--kind', 'requests', '--out', again, '--max-rows', '500'])).code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(payloads))).toBe(true);
  });
});

describe('bidlab load against a live bidlab serve', () => {
  const reports: LoadReport[] = [];

  it('runs a steady scenario and passes its thresholds', async () => {
    const r = await runCli(['load', 'test/load/fixtures/brief-steady.json', '--target', url, '--payloads', payloads, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadReport;
    reports.push(report);
    expect(report.planned).toBe(300);
    expect(report.requests + report.dropped).toBe(300);
    expect(Object.values(report.status).reduce((a, b) => a + b, 0)).toBe(report.requests);
    expect(Object.keys(report.status).sort()).toEqual(['200', '204']);
    expect(report.latencyMs.p50).toBeLessThanOrEqual(report.latencyMs.p99);
    expect(report.latencyMs.p99).toBeLessThanOrEqual(report.latencyMs.max);
    expect(report.thresholds.map((t) => t.passed)).toEqual([true, true, true, true]);
    // Half the bids won: every second 200 sent its win notice, and the bidder booked each.
    expect(report.winNotices.sent).toBe(Math.floor(report.status['200']! / 2));
    expect(report.winNotices.ok).toBe(report.winNotices.sent);
    expect(report.passed).toBe(true);
  });

  it('exits 99 when a threshold fails, and says which', async () => {
    const out = join(dir, 'impossible.json');
    const r = await runCli(['load', 'test/load/fixtures/brief-impossible.json', '--target', url, '--payloads', payloads, '--out', out]);
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/✗ http_req_duration p\(99\)<0\.001/);
    expect(r.stdout).toMatch(/THRESHOLDS FAILED/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as LoadReport;
    reports.push(report);
    // (50 + 200) / 2 × 0.5 s + (200 + 0) / 2 × 0.5 s = 62.5 + 50.
    expect(report.planned).toBe(112);
    expect(report.thresholds.find((t) => t.metric === 'http_req_duration')!.passed).toBe(false);
    expect(report.thresholds.find((t) => t.metric === 'http_req_failed')!.passed).toBe(true);
  });

  it('the server counted every request, and stops cleanly on SIGTERM', async () => {
    const metrics = await fetch(`${url}/metrics`).then((res) => res.text());
    const count = (outcome: string) => Number(new RegExp(`^bidlab_requests_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(metrics)![1]);
    const sent = (code: string) => reports.reduce((s, rep) => s + (rep.status[code] ?? 0), 0);
    expect(count('bid')).toBe(sent('200'));
    expect(count('no-bid')).toBe(sent('204'));
    const wins = reports.reduce((s, rep) => s + rep.winNotices.ok, 0);
    expect(wins).toBeGreaterThan(0);
    expect(metrics).toMatch(new RegExp(`^bidlab_notices_total\\{kind="win",result="booked"\\} ${wins}$`, 'm'));
    expect(Number(/^bidlab_spend_usd_total (\S+)$/m.exec(metrics)![1])).toBeGreaterThan(0);
    const exit = new Promise<number | null>((resolve) => serve.on('exit', resolve));
    serve.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(serveErr).toMatch(new RegExp(`stopped after ${sent('200')} bids, ${sent('204')} no-bids`));
  });
});

describe('bidlab serve options', () => {
  it.each([
    [['--speed', '0'], /--speed: expected a positive number/],
    [['--max-body', '10'], /--max-body: expected a whole number of bytes/],
    [['--policy', 'oracle'], /needs the synthetic world's ground truth/],
    [['--policy', 'nope'], /no policy named 'nope'; the scenario has: champion, bid-everything, oracle/],
  ])('refuses %j before listening', async (args, message) => {
    const r = await runCli(['serve', '--port', '0', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
