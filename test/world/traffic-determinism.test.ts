import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/rng/index.js';
import { buildPopulation, IfaSource, trafficStream, WorldError } from '../../src/world/index.js';
import { shipped, small, take, world } from './world-fixtures.js';

describe('the synthetic traffic is reproducible', () => {
  it('gives byte-identical first 10,000 opportunities for the same scenario and seed', async () => {
    const scenario = await shipped('quickstart');
    const a = JSON.stringify(take(world(scenario).stream, 10_000));
    const b = JSON.stringify(take(world(scenario).stream, 10_000));
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1_000_000);
  });

  it('gives a different stream for a different seed', async () => {
    const scenario = await shipped('quickstart');
    const a = take(world(scenario, 42).stream, 1000);
    const b = take(world(scenario, 43).stream, 1000);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    const sameUser = a.filter((item, i) => item.truth.userIndex === b[i].truth.userIndex).length;
    expect(sameUser).toBeLessThan(50);
  });

  it('iterates the same items through for..of as through nextItem', async () => {
    const scenario = small('world: { users: 500 }\ntraffic: { requestsPerDay: 3000 }\n');
    const viaNext = JSON.stringify(take(world(scenario).stream, 5000));
    const viaIterator = JSON.stringify([...world(scenario).stream]);
    expect(viaIterator).toBe(viaNext);
    expect(JSON.parse(viaNext)).toHaveLength(3000);
  });

  it('keeps earlier users unchanged when the user count grows (draws keyed by user index)', () => {
    const streams = new RandomStreams(5);
    const few = buildPopulation(small('world: { users: 1000 }\ntraffic: { requestsPerDay: 10 }\n'), streams);
    const many = buildPopulation(small('world: { users: 3000 }\ntraffic: { requestsPerDay: 10 }\n'), streams);
    for (const [key, value] of Object.entries(few)) {
      if (!ArrayBuffer.isView(value)) continue;
      const longer = (many as unknown as Record<string, ArrayLike<number>>)[key];
      expect(Array.from(longer as ArrayLike<number>).slice(0, 1000), key).toEqual(Array.from(value as unknown as ArrayLike<number>));
    }
  });

  it('gives each user one stable, well-formed advertising id', () => {
    const ids = new IfaSource(new RandomStreams(1));
    const again = new IfaSource(new RandomStreams(1));
    const seen = new Set<string>();
    for (let u = 0; u < 2000; u++) {
      const ifa = ids.ifa(u);
      expect(ifa).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(again.ifa(u)).toBe(ifa);
      seen.add(ifa);
    }
    expect(seen.size).toBe(2000);
    expect(new IfaSource(new RandomStreams(2)).ifa(0)).not.toBe(ids.ifa(0));
  });

  it('makes opportunity i from its own draws: a second stream agrees item by item', async () => {
    const scenario = await shipped('quickstart');
    const { population } = world(scenario);
    const one = trafficStream(scenario, population, new RandomStreams(scenario.seed));
    const two = trafficStream(scenario, population, new RandomStreams(scenario.seed), { apps: one.apps, truthModel: one.truthModel });
    expect(JSON.stringify(take(two, 2000))).toBe(JSON.stringify(take(one, 2000)));
  });

  it('seeks: a stream moved to opportunity i continues exactly as one that got there by iterating', async () => {
    const scenario = await shipped('quickstart');
    const { stream } = world(scenario);
    const all = take(stream, 30_000);
    stream.seek(25_000);
    expect(JSON.stringify(take(stream, 5000))).toBe(JSON.stringify(all.slice(25_000)));
    stream.seek(stream.total);
    expect(stream.nextItem()).toBeUndefined();
    expect(() => stream.seek(-1)).toThrow(WorldError);
  });

  it('pins the first 1000 quickstart opportunities (update the hash only for a deliberate change of the world)', async () => {
    const json = JSON.stringify(take(world(await shipped('quickstart')).stream, 1000));
    expect(createHash('sha256').update(json).digest('hex')).toBe('2b129e8698f6c57dc0e6d23d4a3157a8dc2611fe8423d0d8a6cb942c0ce35fda');
  });
});
