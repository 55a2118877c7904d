/**
 * Opportunities per second made by the synthetic world (src/world): population build, stream
 * setup (apps and truth-model calibration), and the stream itself, for quickstart (all 200,000)
 * and campaign-4m (the first 1,000,000 of 4,000,003). The baseline, measured in the same run, is
 * the stream's keyed draws alone (one Philox seat and eight doubles per opportunity), the floor no
 * stream can beat; also the cost of iterating through a generator or `next()` instead of
 * `nextItem()`, and of formatting an advertising id. Memory is the process's peak RSS.
 *
 *     npx tsx bench/world.ts            prints JSON
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeMachine } from './machine.js';
import { RandomStreams } from '../src/rng/index.js';
import { loadScenario, type Scenario } from '../src/scenario/index.js';
import {
  buildPopulation, IfaSource, populationBytes, trafficStream, type Population, type TrafficItem, type TrafficStream,
} from '../src/world/index.js';

const REPEAT = 3;
const scenarios = fileURLToPath(new URL('../scenarios/', import.meta.url));

function best(pass: () => number): number {
  let ms = Infinity;
  let sink = 0;
  for (let r = 0; r < REPEAT; r++) {
    const t = performance.now(); // clock: benchmark timing
    sink += pass();
    ms = Math.min(ms, performance.now() - t); // clock: benchmark timing
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the sink alive');
  return ms;
}

function timed<T>(make: () => T): { value: T; ms: number } {
  const t = performance.now(); // clock: benchmark timing
  const value = make();
  return { value, ms: Math.round(performance.now() - t) }; // clock: benchmark timing
}

function* generated(stream: TrafficStream): Generator<TrafficItem> {
  for (let item = stream.nextItem(); item !== undefined; item = stream.nextItem()) yield item;
}

const perSecond = (n: number, ms: number) => Math.round((n * 1000) / ms);

async function benchScenario(name: string, limit: number): Promise<Record<string, unknown>> {
  const scenario: Scenario = await loadScenario(`${scenarios}${name}.yaml`, { checkModels: false });
  const streams = new RandomStreams(scenario.seed);
  const population = timed((): Population => buildPopulation(scenario, streams));
  const first = timed(() => trafficStream(scenario, population.value, streams));
  const shared = { apps: first.value.apps, truthModel: first.value.truthModel };
  const n = Math.min(limit, first.value.total);
  const fresh = () => trafficStream(scenario, population.value, streams, shared);

  const draws = streams.stream('traffic').draws();
  const baselineMs = best(() => {
    let acc = 0;
    for (let id = 0; id < n; id++) {
      draws.reset(id, 0);
      for (let k = 0; k < 8; k++) acc += draws.nextDouble();
    }
    return acc;
  });
  const nextItemMs = best(() => {
    const stream = fresh();
    let acc = 0;
    for (let i = 0; i < n; i++) acc += stream.nextItem()!.opportunity.time;
    return acc;
  });
  const nextMs = best(() => {
    const stream = fresh();
    let acc = 0;
    for (let i = 0; i < n; i++) acc += (stream.next().value as TrafficItem).opportunity.time;
    return acc;
  });
  const generatorMs = best(() => {
    const stream = generated(fresh());
    let acc = 0;
    for (let i = 0; i < n; i++) acc += (stream.next().value as TrafficItem).opportunity.time;
    return acc;
  });
  const opportunitiesPerSecond = perSecond(n, nextItemMs);
  return {
    users: scenario.world.users,
    populationMiB: Math.round((populationBytes(population.value) / 2 ** 20) * 10) / 10,
    populationBuildMs: population.ms,
    streamSetupMs: first.ms,
    opportunities: n,
    opportunitiesPerSecond,
    viaNextPerSecond: perSecond(n, nextMs),
    viaGeneratorPerSecond: perSecond(n, generatorMs),
    baselineKeyedDrawsPerSecond: perSecond(n, baselineMs),
    ratioToBaseline: Math.round((baselineMs / nextItemMs) * 1000) / 1000,
  };
}

export async function benchWorld(): Promise<Record<string, unknown>> {
  const quickstart = await benchScenario('quickstart', Infinity);
  const campaign4m = await benchScenario('campaign-4m', 1_000_000);
  const ifas = new IfaSource(new RandomStreams(1));
  const ifaMs = best(() => {
    let acc = 0;
    for (let u = 0; u < 1_000_000; u++) acc += ifas.ifa(u).length;
    return acc;
  });
  return {
    unit: 'opportunities per second, best of 3; setup in ms',
    quickstart,
    'campaign-4m': campaign4m,
    ifaFormatNs: Math.round(ifaMs * 1000) / 1000,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = { bench: 'world', machine: describeMachine(), ...(await benchWorld()) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
