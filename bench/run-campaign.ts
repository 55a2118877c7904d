/**
 * End-to-end throughput of `bidlab run` (world, features, model, market, attribution, metrics)
 * on campaign-4m.yaml with the bundled champion, and the peak RSS of the whole process. Each
 * measurement runs the real CLI in a child process of its own so the RSS is that run's alone.
 * Its baseline is the world bench of the same `npm run bench` (the traffic generator alone).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { timedNode as timed } from './timed-child.js';

/** The synthetic traffic of the same scenario alone (population, then every request): the baseline. */
const TRAFFIC_ONLY = `
const [{ loadScenario }, { buildPopulation, trafficStream }, { RandomStreams }] = await Promise.all([
  import('./dist/scenario/index.js'), import('./dist/world/index.js'), import('./dist/rng/index.js')]);
const s = await loadScenario('scenarios/campaign-4m.yaml');
const streams = new RandomStreams(s.seed);
const t = trafficStream(s, buildPopulation(s, streams), streams);
const limit = Math.min(t.total, Number(process.argv[1]) || Infinity);
let n = 0, floors = 0;
for (let item = t.nextItem(); item && n < limit; item = t.nextItem()) { n++; floors += item.opportunity.request.imp[0].bidfloor ?? 0; }
process.stdout.write(JSON.stringify({ opportunities: n, floors }));`;

function runOnce(policies: string[], limit: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'bidlab-bench-out-'));
  const run = timed(['bin/bidlab.js', 'run', 'scenarios/campaign-4m.yaml', ...policies.flatMap((p) => ['--policy', p]),
    '--no-events', '--json', '--out', out, ...limit]);
  const summary = JSON.parse(run.stdout);
  return {
    policies: summary.policies.map((p: { name: string }) => p.name),
    opportunities: summary.opportunities as number,
    seconds: run.seconds,
    opportunitiesPerSec: Math.round(summary.opportunities / run.seconds),
    maxRssMiB: run.maxRssMiB,
  };
}

export async function benchRunCampaign(maxOpportunities?: number): Promise<Record<string, unknown>> {
  const limit = maxOpportunities ? ['--max-opportunities', String(maxOpportunities)] : [];
  const traffic = timed(['--input-type=module', '-e', TRAFFIC_ONLY, String(maxOpportunities ?? '')]);
  const trafficRate = JSON.parse(traffic.stdout).opportunities / traffic.seconds;
  const champion = runOnce(['champion', 'bid-everything'], limit);
  const all = runOnce(['champion', 'challenger', 'bid-everything', 'oracle'], limit);
  return {
    scenario: 'campaign-4m',
    ...champion,
    ratioToTrafficAlone: Number((champion.opportunitiesPerSec / trafficRate).toFixed(3)),
    baseline: { what: 'the same requests generated and iterated, nothing else (population included)', seconds: traffic.seconds, opportunitiesPerSec: Math.round(trafficRate), maxRssMiB: traffic.maxRssMiB },
    allFourPolicies: { ...all, ratioToTrafficAlone: Number((all.opportunitiesPerSec / trafficRate).toFixed(3)) },
    note: 'wall time of the whole process: start-up (population, profile store, models) included; one core runs the loop',
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  process.stdout.write(`${JSON.stringify(await benchRunCampaign(n), null, 2)}\n`);
}
