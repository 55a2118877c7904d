import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/rng/index.js';
import { emptyProfile, PopulationProfiles } from '../../src/run/population-profiles.js';
import { loadScenario } from '../../src/scenario/index.js';
import { buildPopulation, IfaSource } from '../../src/world/index.js';

describe('PopulationProfiles', () => {
  it('gives, one at a time or a batch at a time, the profiles of the members and nothing for the others', async () => {
    const scenario = await loadScenario('scenarios/quickstart.yaml', { checkModels: false });
    const streams = new RandomStreams(scenario.seed);
    const population = buildPopulation(scenario, streams);
    const profiles = new PopulationProfiles(population, streams);
    const ifas = new IfaSource(streams);
    const users = Array.from({ length: 300 }, (_, k) => (k * 7919) % population.size);
    const asked: (string | undefined)[] = users.map((u) => ifas.ifa(u));
    asked.push(undefined, 'not-an-ifa');
    const outs = asked.map(() => emptyProfile());
    const found = new Uint8Array(asked.length);
    profiles.lookupMany(asked, asked.length, outs, found);
    let members = 0;
    users.forEach((u, k) => {
      const member = population.campaign[u]! >= 0;
      members += member ? 1 : 0;
      const one = profiles.get(asked[k]!);
      expect(found[k]).toBe(member ? 1 : 0);
      expect(one === undefined).toBe(!member);
      if (!one) return;
      expect(outs[k]).toEqual(one);
      expect(one.key).toBe(u);
      expect(one.campaign).toBe(population.campaign[u]);
      expect(one.sessions30d).toBe(population.sessions30d[u]);
      expect(one.installedCategories).toBe(population.installedCategories[u]);
      expect(profiles.userIndex(asked[k]!)).toBe(u);
    });
    expect(members).toBeGreaterThan(0);
    expect(members).toBeLessThan(users.length);
    expect(Array.from(found.subarray(users.length))).toEqual([0, 0]);
  });
});
