import { fileURLToPath } from 'node:url';
import { RandomStreams } from '../../src/rng/index.js';
import { loadScenario, parseScenario, type Scenario } from '../../src/scenario/index.js';
import { buildPopulation, trafficStream, type Population, type TrafficItem, type TrafficStream } from '../../src/world/index.js';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** A shipped scenario; the model files it names are trained elsewhere. */
export function shipped(name: string): Promise<Scenario> {
  return loadScenario(`${dir}${name}.yaml`, { checkModels: false });
}

/** A small scenario from YAML text, with the parts every scenario needs filled in. */
export function small(yaml: string): Scenario {
  const base = `name: small
seed: 7
campaigns:
  - id: shop
    app: { bundle: com.example.shop, category: shopping, platform: android }
    goal: re-engagement
    valuePerConversion: 2
    dailyBudget: 10
policies:
  - { name: all, kind: bid-everything, pricing: { rule: fixed, cpm: 1 } }
`;
  return parseScenario(`${base}${yaml}`, 'small.yaml');
}

export interface World {
  readonly scenario: Scenario;
  readonly population: Population;
  readonly stream: TrafficStream;
}

export function world(scenario: Scenario, seed: number = scenario.seed): World {
  const streams = new RandomStreams(seed);
  const population = buildPopulation(scenario, streams);
  return { scenario, population, stream: trafficStream(scenario, population, streams) };
}

/** The first `n` items of a stream (all of it if shorter). */
export function take(stream: TrafficStream, n: number): TrafficItem[] {
  const items: TrafficItem[] = [];
  while (items.length < n) {
    const item = stream.nextItem();
    if (item === undefined) break;
    items.push(item);
  }
  return items;
}
