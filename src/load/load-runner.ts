import { readFile } from 'node:fs/promises';
import type * as hdr from 'hdr-histogram-js';
import { ArrivalSchedule } from './arrival-schedule.js';
import { HttpConnectionPool, requestBytes } from './http-connection-pool.js';
import { LoadError } from './load-error.js';
import type { LoadScenario } from './load-scenario.js';
import { type LoadReport, loadReport } from './load-report.js';
import { MicrosRecorder } from './micros-recorder.js';

export interface LoadRunOptions {
  /** Base URL of the bidder (default: the scenario's target). Only http:// is spoken. */
  readonly target?: string;
  /** Payload file instead of the scenario's. */
  readonly payloadsPath?: string;
  /** Called about once a second with the figures so far. */
  readonly onProgress?: (p: LoadProgress) => void;
}

export interface LoadProgress {
  readonly elapsedSeconds: number;
  readonly started: number;
  readonly completed: number;
  readonly inFlight: number;
  readonly plannedRate: number;
}

/** Everything the run measured, before thresholds are applied. */
export interface LoadMeasurements {
  readonly durationSeconds: number;
  readonly planned: number;
  readonly started: number;
  readonly completed: number;
  readonly dropped: number;
  readonly status: Readonly<Record<string, number>>;
  /** Microseconds from each request's due time to its last response byte. */
  readonly histogram: hdr.Histogram;
  /** Microseconds from each sent request's due time to its write: the generator's own lateness. */
  readonly sendLag: hdr.Histogram;
  /** Win notices sent, and how many the bidder answered 200. */
  readonly notices: { readonly sent: number; readonly ok: number };
}

/** Milliseconds between opening the pre-allocated connections and starting the clock. */
const SETTLE_MS = 250;

/** Payload bodies, ready to send: JSON array → one Buffer per element. */
export async function readPayloads(path: string): Promise<Buffer[]> {
  let values: unknown;
  try {
    values = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new LoadError('LOAD_PAYLOADS', `cannot read the payloads (a JSON array of request bodies, from 'bidlab generate --kind requests'): ${(e as Error).message}`, path);
  }
  if (!Array.isArray(values) || values.length === 0) throw new LoadError('LOAD_PAYLOADS', 'expected a non-empty JSON array of request bodies', path);
  return values.map((v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)));
}

/**
 * Runs a load scenario against a live bidder with an open-model arrival-rate generator:
 * requests start on the schedule whatever the answers do (a slow bidder shows as latency and
 * drops, not as a lower offered load), at most maxVUs in flight, one keep-alive connection
 * each (HttpConnectionPool); a request due when all are busy is dropped and counted, as k6's
 * dropped_iterations. Due requests go out on a 1 ms timer and whenever an answer frees a
 * connection. Latency runs from the moment the schedule said a request was due (not from when
 * it was written) to its last response byte, in microseconds, in an HDR histogram: a late
 * generator (a busy machine, a pause) adds to the latency it reports instead of hiding the
 * queue that built up meanwhile; how late it wrote is measured too (sendLag). Payloads are sent
 * in turn, cycling.
 */
export async function runLoad(scenario: LoadScenario, options: LoadRunOptions = {}): Promise<LoadReport> {
  const target = new URL(scenario.path, options.target ?? scenario.target);
  if (target.protocol !== 'http:') throw new LoadError('LOAD_TARGET', `only http:// targets are supported, got ${target.protocol}`, 'target');
  const s = scenario.scenario;
  const pool = new HttpConnectionPool(target.hostname.replace(/^\[|\]$/g, ''), Number(target.port || 80), Math.max(s.maxVUs ?? s.preAllocatedVUs, s.preAllocatedVUs));
  const requests = (await readPayloads(options.payloadsPath ?? scenario.payloadsPath)).map((body) => requestBytes('POST', `${target.pathname}${target.search}`, target.host, body));
  const schedule = new ArrivalSchedule(s);
  const latency = new MicrosRecorder();
  const sendLag = new MicrosRecorder();
  // Counts by status (0: no answer), indexed by the code: no per-request hashing.
  const status = new Float64Array(600);
  let started = 0, completed = 0, dropped = 0, inFlight = 0, issued = 0;
  const wantBody = scenario.winRate > 0;
  // Wins are spread evenly (a credit of winRate per bid, a notice per whole credit): no randomness, the same share every run.
  let credit = 0, noticesSent = 0, noticesOk = 0, noticesInFlight = 0;
  let allDone: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => { allDone = resolve; });

  // Notices go where the nurl says, as an exchange sends them: a bidder of several processes
  // (`serve --workers`) names the one that holds the bid.
  const noticePools = new Map<string, HttpConnectionPool>([[target.host, pool]]);
  const noticePool = (url: URL) => {
    let p = noticePools.get(url.host);
    if (!p) noticePools.set(url.host, p = new HttpConnectionPool(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80), 16));
    return p;
  };
  const onNotice = (code: number) => {
    noticesInFlight--;
    if (code === 200) noticesOk++;
  };

  // The exchange's side of a won auction: the clearing price (first price: the bid) into the nurl.
  const sendWin = (body: Buffer) => {
    let nurl: URL;
    try {
      const b = (JSON.parse(body.toString('utf8')) as { seatbid: { bid: { nurl: string; price: number }[] }[] }).seatbid[0]!.bid[0]!;
      nurl = new URL(b.nurl.replace('${AUCTION_PRICE}', String(b.price)));
      if (nurl.protocol !== 'http:') return;
    } catch {
      return;
    }
    if (noticePool(nurl).send(requestBytes('GET', `${nurl.pathname}${nurl.search}`, nurl.host), false, onNotice)) { noticesSent++; noticesInFlight++; }
  };

  // As k6's preAllocatedVUs, connected before the clock starts. Connections opened mid-run cost
  // both ends a handshake and set-up each: after a pause of a few milliseconds, the backlog opens
  // dozens at once, that work delays the answers, more connections open, and the run drops
  // requests for reasons that are the generator's. A scenario that wants none opened mid-run
  // says preAllocatedVUs = maxVUs. A connection is up once the kernel has it, before the
  // server's code has taken it in: the pause gives the server that time, so its taking in
  // hundreds at once does not land in the first milliseconds of the measurement.
  if (await pool.preconnect(s.preAllocatedVUs) > 0) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const begin = performance.now(); // clock: the schedule runs on the wall clock

  /** Sends every request due by now; each carries its due time (absolute ms) as its tag. */
  const pump = (): number => {
    const now = performance.now() - begin; // clock: as above
    const due = schedule.startedBy(now);
    while (issued < due) {
      const at = schedule.dueAt(issued);
      const bytes = requests[issued % requests.length]!;
      issued++;
      if (pool.send(bytes, wantBody, onResponse, begin + at)) {
        inFlight++;
        started++;
        sendLag.record(now - at);
      } else dropped++;
    }
    return now;
  };

  function onResponse(code: number, body: Buffer | undefined, dueAt: number): void {
    const now = performance.now(); // clock: request latency
    latency.record(now - dueAt);
    inFlight--;
    completed++;
    status[code]!++;
    if (code === 200 && wantBody && (credit += scenario.winRate) >= 1) {
      credit -= 1;
      sendWin(body!);
    }
    // A connection just came free: whatever fell due since the last timer goes now, not at the next tick.
    if (issued < schedule.total) pump();
    else if (inFlight === 0) allDone?.();
  }

  let lastProgress = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = pump();
      if (options.onProgress && now - lastProgress >= 1000) {
        lastProgress = now;
        options.onProgress({ elapsedSeconds: now / 1000, started, completed, inFlight, plannedRate: schedule.rateAt(now) });
      }
      if (issued >= schedule.total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  if (inFlight > 0) await finished;
  const durationSeconds = (performance.now() - begin) / 1000; // clock: as above
  while (noticesInFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  for (const p of noticePools.values()) p.close();
  const statusText: Record<string, number> = {};
  status.forEach((n, code) => { if (n > 0) statusText[code === 0 ? 'error' : String(code)] = n; });
  return loadReport(scenario, target.href, { durationSeconds, planned: schedule.total, started, completed, dropped, status: statusText, histogram: latency.toHistogram(), sendLag: sendLag.toHistogram(), notices: { sent: noticesSent, ok: noticesOk } });
}
