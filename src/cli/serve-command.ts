import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { createLiveBidder } from '../run/live-bidder.js';
import { loadScenario } from '../scenario/index.js';
import { BidServer, ServerError, wallCampaignClock } from '../server/index.js';

interface ServeArgs { scenario: string; policy?: string; port: number; host: string; speed: number; maxBody: number; networkMs: number; seed?: number }

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
      .option('seed', { type: 'number', describe: "Root seed of the world (default: the scenario's)" }),
    handler: async (a) => setExit(await serve(a as unknown as ServeArgs)),
  };
}

async function serve(a: ServeArgs): Promise<number> {
  if (!(a.speed > 0 && Number.isFinite(a.speed))) throw new ServerError('SERVER_CONFIG', `expected a positive number, got ${a.speed}`, '--speed');
  if (!(Number.isInteger(a.maxBody) && a.maxBody >= 1024)) throw new ServerError('SERVER_CONFIG', `expected a whole number of bytes, at least 1024, got ${a.maxBody}`, '--max-body');
  if (!(a.networkMs >= 0)) throw new ServerError('SERVER_CONFIG', `expected milliseconds, 0 or more, got ${a.networkMs}`, '--network-ms');
  if (!(Number.isInteger(a.port) && a.port >= 0 && a.port <= 65_535)) throw new ServerError('SERVER_CONFIG', `expected a TCP port (0-65535), got ${a.port}`, '--port');
  const scenario = await loadScenario(a.scenario);
  const live = await createLiveBidder(scenario, a.scenario, { ...(a.policy ? { policy: a.policy } : {}), ...(a.seed !== undefined ? { seed: a.seed } : {}) });
  const server = new BidServer({
    engine: live.engine, ads: live.ads, clock: wallCampaignClock({ speed: a.speed }), maxBodyBytes: a.maxBody, networkMs: a.networkMs,
  });
  const url = await server.listen(a.port, a.host);
  process.stderr.write(`bidlab serve: ${scenario.name}, policy ${live.policy.name} (${live.policy.kind})`
    + `${live.profiles !== undefined ? `, ${live.profiles} profiles` : ''}; listening on ${url}/openrtb2/bid\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`bidlab serve: ${signal}: finishing ${server.metrics.inFlight} request(s) in flight\n`);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      void server.close().then(resolve);
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  const m = server.metrics;
  process.stderr.write(`bidlab serve: stopped after ${m.outcome('bid')} bids, ${m.outcome('no-bid')} no-bids, ${m.outcome('invalid') + m.outcome('too-large')} refused; spend $${m.spendUsd.toFixed(2)}\n`);
  return 0;
}
