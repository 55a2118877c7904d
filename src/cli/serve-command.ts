import cluster from 'node:cluster';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { createLiveBidder } from '../run/live-bidder.js';
import { readProfileFile } from '../run/read-profile-file.js';
import { loadScenario } from '../scenario/index.js';
import { BidlabError } from '../errors.js';
import { BidServer, ClusterWorkerLink, ServerError, type ServerMetrics, startCluster, wallCampaignClock } from '../server/index.js';

interface ServeArgs { scenario: string; policy?: string; port: number; host: string; speed: number; maxBody: number; networkMs: number; seed?: number; profiles?: string; workers: number }

/** The bundled quickstart: `bidlab serve` with no scenario answers with the champion. */
const DEFAULT_SCENARIO = join(import.meta.dirname, '../../scenarios/quickstart.yaml');

/** `bidlab serve`: the engine of one policy behind an OpenRTB HTTP endpoint. */
export function serveCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'serve',
    describe: 'Answer OpenRTB 2.6 bid requests over HTTP with one policy of a scenario (POST /openrtb2/bid)',
    builder: (y) => y
      .option('scenario', { type: 'string', default: DEFAULT_SCENARIO, defaultDescription: 'scenarios/quickstart.yaml', describe: 'Scenario YAML: campaigns, policies, and the world the profile store is built from' })
      .option('policy', { type: 'string', describe: "Policy to bid with (default: the scenario's champion)" })
      .option('port', { type: 'number', default: 8080, describe: 'TCP port (0: any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to bind (loopback by default)' })
      .option('speed', { type: 'number', default: 1, describe: 'Campaign seconds per wall second (1440: a simulated day per minute, budgets roll over)' })
      .option('max-body', { type: 'number', default: 65_536, describe: 'Largest request body in bytes (more is a 413)' })
      .option('network-ms', { type: 'number', default: 0, describe: "Milliseconds of each request's tmax kept for the network" })
      .option('seed', { type: 'number', describe: "Root seed of the world (default: the scenario's)" })
      .option('profiles', { type: 'string', describe: "User profile file (Arrow IPC from 'bidlab generate --kind profiles', or an export with its columns) instead of the scenario's world" })
      .option('workers', { type: 'number', default: 1, describe: "Processes answering on the one port, each with its own engine and 1/N of each campaign's daily budget" }),
    handler: async (a) => setExit(await serve(a as unknown as ServeArgs)),
  };
}

async function serve(a: ServeArgs): Promise<number> {
  if (!(a.speed > 0 && Number.isFinite(a.speed))) throw new ServerError('SERVER_CONFIG', `expected a positive number, got ${a.speed}`, '--speed');
  if (!(Number.isInteger(a.maxBody) && a.maxBody >= 1024)) throw new ServerError('SERVER_CONFIG', `expected a whole number of bytes, at least 1024, got ${a.maxBody}`, '--max-body');
  if (!(a.networkMs >= 0)) throw new ServerError('SERVER_CONFIG', `expected milliseconds, 0 or more, got ${a.networkMs}`, '--network-ms');
  if (!(Number.isInteger(a.port) && a.port >= 0 && a.port <= 65_535)) throw new ServerError('SERVER_CONFIG', `expected a TCP port (0-65535), got ${a.port}`, '--port');
  if (!(Number.isInteger(a.workers) && a.workers >= 1 && a.workers <= 64)) throw new ServerError('SERVER_CONFIG', `expected a whole number of processes (1-64), got ${a.workers}`, '--workers');
  if (a.profiles !== undefined && a.seed !== undefined) throw new ServerError('SERVER_CONFIG', 'a profile file is not built from a seed: give --profiles or --seed, not both', '--seed');
  if (a.workers > 1 && cluster.isPrimary) return servePrimary(a);
  const link = cluster.isWorker ? new ClusterWorkerLink() : undefined;
  let started: Started;
  try {
    started = await startServer(a, link);
  } catch (e) {
    if (!link) throw e;
    // The primary says it once for all workers; a worker left running would keep it waiting.
    link.failed(e instanceof BidlabError ? e : new ServerError('SERVER_WORKER', (e as Error)?.message ?? String(e), `worker ${cluster.worker!.id}`));
    return 2;
  }
  const { server, url, banner } = started;
  if (link) {
    // The primary handles the signals a terminal sends the whole group, and stops the workers.
    process.on('SIGINT', () => {});
    await link.serve(server, { url, noticeUrl: await server.listenNotices(0, a.host), banner });
    return 0;
  }
  process.stderr.write(`bidlab serve: ${banner}; listening on ${url}/openrtb2/bid\n`);
  await untilSignal((signal) => {
    process.stderr.write(`bidlab serve: ${signal}: finishing ${server.metrics.inFlight} request(s) in flight\n`);
    return server.close();
  });
  reportStopped(server.metrics);
  return 0;
}

interface Started { readonly server: BidServer; readonly url: string; readonly banner: string }

/** One engine behind one server: the whole service, or one worker's share of it. */
async function startServer(a: ServeArgs, link: ClusterWorkerLink | undefined): Promise<Started> {
  const scenario = await loadScenario(a.scenario);
  const store = a.profiles === undefined ? undefined : await readProfileFile(a.profiles, scenario);
  const live = await createLiveBidder(scenario, a.scenario, {
    ...(a.policy ? { policy: a.policy } : {}), ...(a.seed !== undefined ? { seed: a.seed } : {}), ...(store ? { store } : {}),
    budgetShare: 1 / a.workers,
  });
  const server = new BidServer({
    engine: live.engine, ads: live.ads, clock: wallCampaignClock({ speed: a.speed }), maxBodyBytes: a.maxBody, networkMs: a.networkMs,
    ...(link ? { metricsText: () => link.metricsText() } : {}),
  });
  const url = await server.listen(a.port, a.host);
  const banner = `${scenario.name}, policy ${live.policy.name} (${live.policy.kind})`
    + `, ${store ? `${store.size} profiles from ${a.profiles}` : `${live.profiles} profiles from the world`}`;
  return { server, url, banner };
}

/**
 * `--workers N`: N processes behind one port, each with its own engine and 1/N of every
 * campaign's daily budget (paced over the day as one engine would pace the whole), its own
 * frequency caps, and its own notice port in its notice URLs, so a win comes back to the
 * engine that made the bid. `/metrics` on any of them answers with the sum.
 */
async function servePrimary(a: ServeArgs): Promise<number> {
  const run = await startCluster(a.workers);
  const first = run.workers[0]!;
  process.stderr.write(`bidlab serve: ${first.banner}; ${a.workers} workers (notices on ${run.workers.map((w) => w.noticeUrl.replace(/^http:\/\/[^:]+:/, ':')).join(', ')}); listening on ${first.url}/openrtb2/bid\n`);
  const signalled = untilSignal((signal) => {
    process.stderr.write(`bidlab serve: ${signal}: stopping ${a.workers} workers, finishing the requests in flight\n`);
    run.stop();
    return run.stopped.then(() => undefined);
  });
  const end = await Promise.race([signalled.then(() => run.stopped), run.stopped]);
  if (end.lost) process.stderr.write(`bidlab serve: ${end.lost}; stopped the others\n`);
  reportStopped(end.metrics);
  return end.lost ? 1 : 0;
}

/** Resolves once the first SIGTERM or SIGINT has been handled by `onSignal`. */
function untilSignal(onSignal: (signal: string) => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      void onSignal(signal).then(resolve);
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}

function reportStopped(m: ServerMetrics): void {
  process.stderr.write(`bidlab serve: stopped after ${m.outcome('bid')} bids, ${m.outcome('no-bid')} no-bids, ${m.outcome('invalid') + m.outcome('too-large')} refused; spend $${m.spendUsd.toFixed(2)}\n`);
}
