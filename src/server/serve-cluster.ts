import cluster, { type Worker } from 'node:cluster';
import { BidlabError } from '../errors.js';
import type { BidServer } from './bid-server.js';
import { ServerError } from './server-error.js';
import { type MetricsSnapshot, ServerMetrics } from './server-metrics.js';

/** What a worker says once it listens: its bid URL (shared), its notice URL (its own) and what it serves. */
export interface WorkerReady {
  readonly url: string;
  readonly noticeUrl: string;
  readonly banner: string;
}

type ToPrimary =
  | { readonly t: 'ready'; readonly ready: WorkerReady }
  | { readonly t: 'metrics?'; readonly id: number }
  | { readonly t: 'snapshot'; readonly id: number; readonly snapshot: MetricsSnapshot }
  | { readonly t: 'final'; readonly snapshot: MetricsSnapshot }
  | { readonly t: 'failed'; readonly code: string; readonly message: string };

type ToWorker =
  | { readonly t: 'snapshot?'; readonly id: number }
  | { readonly t: 'metrics'; readonly id: number; readonly snapshot: MetricsSnapshot }
  | { readonly t: 'stop' };

export interface ClusterRun {
  /** The workers' ready messages, in worker order. */
  readonly workers: ReadonlyArray<WorkerReady>;
  /**
   * Resolves once every worker has stopped: with the sum of their counters, and what went
   * wrong when a worker exited without being asked (the others are then stopped too).
   */
  readonly stopped: Promise<{ readonly metrics: ServerMetrics; readonly lost?: string }>;
  /** Asks every worker to close gracefully (finishing its requests in flight). */
  stop(): void;
}

/**
 * The primary of `bidlab serve --workers N`: forks N copies of the command (node:cluster, so
 * they share the bid port and the primary hands each new connection to the next worker in
 * turn), and does no bidding itself. It relays `/metrics` (the worker that is asked collects
 * every worker's counters through here and answers with their sum) and stops the workers on
 * request. Resolves once every worker listens; rejects, stopping the others, when one fails
 * to start.
 */
export async function startCluster(workers: number): Promise<ClusterRun> {
  const forked: Worker[] = [];
  const ready: (WorkerReady | undefined)[] = new Array(workers).fill(undefined);
  const finals: MetricsSnapshot[] = [];
  /** Metrics queries being collected: who asked, and which workers have yet to answer. */
  const pending = new Map<number, { from: Worker; id: number; sum: ServerMetrics; left: Set<Worker> }>();
  let nextQuery = 0;
  let failure: BidlabError | undefined;
  let stopping = false;
  let started: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let lost: string | undefined;
  let onStopped: ((s: { metrics: ServerMetrics; lost?: string }) => void) | undefined;
  const stopped = new Promise<{ metrics: ServerMetrics; lost?: string }>((resolve) => { onStopped = resolve; });
  const alive = () => forked.filter((w) => !w.isDead());
  // A worker may be leaving while it is told something: what it misses no longer matters.
  const tell = (w: Worker, m: ToWorker) => { if (w.isConnected()) w.send(m); };
  const stop = () => {
    stopping = true;
    for (const w of alive()) tell(w, { t: 'stop' });
  };
  const answered = (query: number, w: Worker, snapshot?: MetricsSnapshot) => {
    const q = pending.get(query);
    if (!q?.left.delete(w)) return;
    if (snapshot) q.sum.absorb(snapshot);
    if (q.left.size > 0) return;
    pending.delete(query);
    tell(q.from, { t: 'metrics', id: q.id, snapshot: q.sum.snapshot() });
  };

  const onMessage = (w: Worker, i: number, m: ToPrimary) => {
    if (m.t === 'ready') {
      ready[i] = m.ready;
      if (ready.every((r) => r !== undefined)) started?.resolve();
    } else if (m.t === 'metrics?') {
      const query = nextQuery++;
      const live = alive();
      pending.set(query, { from: w, id: m.id, sum: new ServerMetrics(), left: new Set(live) });
      for (const x of live) tell(x, { t: 'snapshot?', id: query });
    } else if (m.t === 'snapshot') answered(m.id, w, m.snapshot);
    else if (m.t === 'final') finals.push(m.snapshot);
    else if (m.t === 'failed') {
      failure ??= new BidlabError(m.code, m.message);
      started?.reject(failure);
      stop();
    }
  };

  for (let i = 0; i < workers; i++) {
    const w = cluster.fork();
    forked.push(w);
    w.on('message', (m: ToPrimary) => onMessage(w, i, m));
    w.on('error', () => { /* EPIPE from a send racing the worker's exit; its 'exit' says what matters */ });
    w.on('exit', (code, signal) => {
      // Its counters are gone with it: a query waiting for them goes on without.
      for (const query of [...pending.keys()]) answered(query, w);
      // A worker gone unasked takes the service down whole: half a bidder would pace wrong.
      if (!stopping) {
        lost = `worker ${i + 1} of ${workers} exited (${signal ?? `code ${code}`}) before being stopped`;
        started?.reject(failure ?? new ServerError('SERVER_CONFIG', lost, '--workers'));
        stop();
      }
      if (alive().length === 0) {
        const metrics = new ServerMetrics();
        for (const f of finals) metrics.absorb(f);
        onStopped?.(lost === undefined ? { metrics } : { metrics, lost });
      }
    });
  }
  await new Promise<void>((resolve, reject) => { started = { resolve, reject }; });
  return { workers: ready as WorkerReady[], stopped, stop };
}

/**
 * A worker's side of the cluster: tells the primary it is ready, answers its questions for
 * counters, and closes its server when told to stop (or when the primary is gone).
 */
export class ClusterWorkerLink {
  private readonly waiting = new Map<number, (s: MetricsSnapshot) => void>();
  private nextId = 0;
  private server: BidServer | undefined;

  constructor() {
    if (!cluster.isWorker || !process.send) throw new ServerError('SERVER_CONFIG', 'not a cluster worker', '--workers');
    process.on('message', (m: ToWorker) => this.onMessage(m));
  }

  /** The service's `/metrics` text: every worker's counters, summed by the primary. */
  metricsText(): Promise<string> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, (s) => {
        const sum = new ServerMetrics();
        sum.absorb(s);
        resolve(sum.render());
      });
      process.send!({ t: 'metrics?', id } satisfies ToPrimary);
    });
  }

  /** Reports `server` ready; resolves once it has been stopped and closed. */
  serve(server: BidServer, ready: WorkerReady): Promise<void> {
    this.server = server;
    const closed = new Promise<void>((resolve) => {
      const close = () => {
        process.off('disconnect', close);
        void server.close().then(() => {
          if (process.connected) process.send!({ t: 'final', snapshot: server.metrics.snapshot() } satisfies ToPrimary, () => process.disconnect());
          resolve();
        });
      };
      this.onStop = close;
      process.once('disconnect', close);
    });
    process.send!({ t: 'ready', ready } satisfies ToPrimary);
    return closed;
  }

  /** Before it serves, a worker has nothing in flight to finish: a stop just ends it. */
  private onStop: () => void = () => process.exit(0);

  /** Tells the primary this worker could not start (it reports the error once, for all workers), then leaves. */
  failed(error: BidlabError): void {
    process.send!({ t: 'failed', code: error.code, message: error.message } satisfies ToPrimary, () => process.disconnect());
  }

  private onMessage(m: ToWorker): void {
    if (m.t === 'snapshot?') {
      // A worker still starting has counted nothing yet.
      process.send!({ t: 'snapshot', id: m.id, snapshot: (this.server?.metrics ?? new ServerMetrics()).snapshot() } satisfies ToPrimary);
    } else if (m.t === 'metrics') {
      this.waiting.get(m.id)?.(m.snapshot);
      this.waiting.delete(m.id);
    } else if (m.t === 'stop') this.onStop();
  }
}
