import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidRequest } from '../../src/domain/index.js';
import type { LoadReport } from '../../src/load/index.js';
import { createLiveBidder } from '../../src/run/live-bidder.js';
import { RandomStreams } from '../../src/rng/index.js';
import { loadScenario } from '../../src/scenario/index.js';
import { buildPopulation, trafficStream } from '../../src/world/index.js';
import { BIN, ensureBuilt, ROOT, runCli } from '../helpers/cli.js';
import { send } from './bid-server-harness.js';

const QUICKSTART = join(ROOT, 'scenarios/quickstart.yaml');
const dir = mkdtempSync(join(tmpdir(), 'bidlab-serve-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const payloads = join(dir, 'payloads.json');
let serve: ChildProcess;
let serveErr = '';
let url: string;

beforeAll(async () => {
  await ensureBuilt();
  const generated = await runCli(['generate', 'scenarios/quickstart.yaml', '--kind', 'requests', '--out', payloads, '--max-rows', '500']);
  expect(generated.code, generated.stderr).toBe(0);
  serve = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workers', '2'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  url = await new Promise((resolve, reject) => {
    serve.stderr!.setEncoding('utf8').on('data', (s: string) => {
      serveErr += s;
      const m = /listening on (http:\/\/\S+)\/openrtb2\/bid/.exec(serveErr);
      if (m) resolve(m[1]!);
    });
    serve.on('exit', (code) => reject(new Error(`bidlab serve exited ${code}:\n${serveErr}`)));
  });
});

afterAll(() => { if (serve.exitCode === null) serve.kill('SIGKILL'); });

describe('bidlab serve --workers 2', () => {
  it('answers on one port, each worker naming its own notice port', () => {
    const ports = /2 workers \(notices on :(\d+), :(\d+)\)/.exec(serveErr);
    expect(ports, serveErr).not.toBeNull();
    expect(ports![1]).not.toBe(ports![2]);
    expect(serveErr).toMatch(/quickstart, policy champion \(model\), \d+ profiles from the world; 2 workers/);
  });

  it('hands new connections to both workers in turn', async () => {
    const bodies = JSON.parse(readFileSync(payloads, 'utf8')) as unknown[];
    const ports = new Set<string>();
    // A new connection per request (no agent): the primary deals them out to the workers.
    for (const body of bodies) {
      const r = await send(`${url}/openrtb2/bid`, { body: JSON.stringify(body) });
      if (r.status === 200) ports.add(new URL((JSON.parse(r.body) as { seatbid: { bid: { nurl: string }[] }[] }).seatbid[0]!.bid[0]!.nurl).port);
      if (ports.size === 2) break;
    }
    expect(ports.size).toBe(2);
    for (const port of ports) expect(serveErr).toMatch(new RegExp(`notices on [^)]*:${port}\\b`));
  });

  it('takes every win notice at the worker that made the bid, and /metrics sums the workers', async () => {
    const counted = async () => {
      const metrics = await fetch(`${url}/metrics`).then((res) => res.text());
      return (pattern: string) => Number(new RegExp(`^${pattern} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0);
    };
    const before = await counted();
    const reports: LoadReport[] = [];
    for (let run = 0; run < 2; run++) {
      const r = await runCli(['load', 'test/load/fixtures/brief-steady.json', '--target', url, '--payloads', payloads, '--json']);
      expect(r.code, r.stderr).toBe(0);
      reports.push(JSON.parse(r.stdout) as LoadReport);
    }
    const sent = (code: string) => reports.reduce((s, rep) => s + (rep.status[code] ?? 0), 0);
    const wins = reports.reduce((s, rep) => s + rep.winNotices.sent, 0);
    expect(wins).toBeGreaterThan(0);
    // A notice sent to the wrong worker would be answered 'unknown' (404).
    expect(reports.reduce((s, rep) => s + rep.winNotices.ok, 0)).toBe(wins);
    const after = await counted();
    const added = (pattern: string) => after(pattern) - before(pattern);
    expect(added('bidlab_requests_total\\{outcome="bid"\\}')).toBe(sent('200'));
    expect(added('bidlab_requests_total\\{outcome="no-bid"\\}')).toBe(sent('204'));
    expect(added('bidlab_notices_total\\{kind="win",result="booked"\\}')).toBe(wins);
    expect(added('bidlab_request_duration_seconds_count')).toBe(sent('200') + sent('204'));

    const exit = new Promise<number | null>((resolve) => serve.on('exit', resolve));
    serve.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(serveErr).toMatch(new RegExp(`stopped after ${after('bidlab_requests_total\\{outcome="bid"\\}')} bids, ${after('bidlab_requests_total\\{outcome="no-bid"\\}')} no-bids, 0 refused; spend \\$${after('bidlab_spend_usd_total').toFixed(2)}\n`));
  });
});

describe('bidlab serve --workers, a worker lost', () => {
  it('stops the others and exits 1, saying which', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workers', '2'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => child.stderr!.setEncoding('utf8').on('data', (s: string) => { err += s; if (err.includes('listening on')) resolve(); }));
    const workers = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    expect(workers).toHaveLength(2);
    process.kill(workers[1]!, 'SIGKILL');
    expect(await exit).toBe(1);
    expect(err).toMatch(/bidlab serve: worker \d of 2 exited \(SIGKILL\) before being stopped; stopped the others\n/);
    expect(err).toMatch(/stopped after 0 bids, 0 no-bids, 0 refused/);
  });
});

describe("a worker's budget share", () => {
  it('spends that share of the daily budget, paced the same way', async () => {
    const scenario = await loadScenario(QUICKSTART);
    const streams = new RandomStreams(scenario.seed);
    const traffic = trafficStream(scenario, buildPopulation(scenario, streams), streams);
    const requests: BidRequest[] = [];
    for (let item = traffic.nextItem(); item !== undefined && requests.length < 100_000; item = traffic.nextItem()) requests.push(item.opportunity.request);
    const spendUntilStopped = async (budgetShare: number) => {
      const live = await createLiveBidder(scenario, QUICKSTART, { policy: 'bid-everything', budgetShare });
      let spend = 0;
      // Late in the day, every bid won at its price: spend runs up to what pacing and budget allow.
      for (const request of requests) {
        const d = live.engine.decide(request, 86_000);
        if (!d.bid) continue;
        live.engine.win(live.engine.offer(d), d.cpm, 86_000);
        spend += d.cpm / 1000;
      }
      return spend;
    };
    const whole = await spendUntilStopped(1);
    const half = await spendUntilStopped(0.5);
    expect(whole).toBeGreaterThan(20);
    expect(whole).toBeLessThanOrEqual(scenario.campaigns[0]!.dailyBudget + 0.01);
    // The fixed bid is $0.008: the shares differ by at most one bid each.
    expect(Math.abs(half - whole / 2)).toBeLessThanOrEqual(0.01);
  });
});
