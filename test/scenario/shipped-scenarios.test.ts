import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, type Scenario } from '../../src/scenario/index.js';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();

const requests = (s: Scenario) => s.traffic.days * s.traffic.requestsPerDay;

// The model files these scenarios name are trained elsewhere; here only the scenarios are checked.
const load = (name: string) => loadScenario(`${dir}${name}`, { checkModels: false });

describe('the scenarios in scenarios/', () => {
  it('include the ones the docs promise', () => {
    expect(files).toEqual(
      expect.arrayContaining(['quickstart.yaml', 'campaign-4m.yaml', 'first-price-shading.yaml', 'heavy-floors.yaml', 'games-retargeting.yaml']),
    );
  });

  it.each(files)('%s parses, names itself after its file, and points editors at the schema', async (name) => {
    const scenario = await load(name);
    expect(`${scenario.name}.yaml`).toBe(name);
    expect(readFileSync(`${dir}${name}`, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    for (const policy of scenario.policies) {
      if (policy.kind === 'model') expect(isAbsolute(policy.model)).toBe(true);
    }
  });

  it('quickstart is small: one day, 200,000 requests, 20,000 users', async () => {
    const scenario = await load('quickstart.yaml');
    expect([scenario.traffic.days, requests(scenario), scenario.world.users]).toEqual([1, 200_000, 20_000]);
  });

  it("campaign-4m has the case study's campaign size: about 4 million opportunities for one campaign", async () => {
    const scenario = await load('campaign-4m.yaml');
    expect(requests(scenario)).toBe(4_000_003);
    expect(scenario.campaigns).toHaveLength(1);
    expect(scenario.campaigns[0].audienceShare).toBe(1);
    expect(scenario.world.users).toBe(500_000);
  });

  it('the market scenarios differ where they say they do', async () => {
    const shading = await load('first-price-shading.yaml');
    expect(shading.market.auction).toBe('first-price');
    expect(shading.market.competitors.filter((c) => c.kind === 'shading').length).toBeGreaterThanOrEqual(2);

    const floors = await load('heavy-floors.yaml');
    expect(floors.market.auction).toBe('second-price');
    expect(floors.market.floors.share).toBeGreaterThanOrEqual(0.9);

    const games = await load('games-retargeting.yaml');
    for (const campaign of games.campaigns) {
      expect(campaign.app.category).toBe('games');
      expect(campaign.targeting.appCategories).toEqual(['games']);
    }
  });
});
