import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/rng/index.js';
import { APP_CATEGORIES, buildPopulation, OS_ANDROID, OS_IOS, populationBytes, WorldError } from '../../src/world/index.js';
import { shipped, small } from './world-fixtures.js';

const Z = 5;
function expectShare(hits: number, n: number, p: number, what: string): void {
  expect(Math.abs(hits / n - p), `${what}: ${hits}/${n} vs ${p}`).toBeLessThanOrEqual(Z * Math.sqrt((p * (1 - p)) / n) + 1e-12);
}
function count(n: number, test: (u: number) => boolean): number {
  let hits = 0;
  for (let u = 0; u < n; u++) if (test(u)) hits++;
  return hits;
}

describe('buildPopulation', () => {
  it('draws OS, country and the campaign audience by the scenario shares (quickstart)', async () => {
    const scenario = await shipped('quickstart');
    const p = buildPopulation(scenario, new RandomStreams(scenario.seed));
    expect(p.size).toBe(20_000);
    expectShare(count(p.size, (u) => p.os[u] === OS_IOS), p.size, 0.25, 'ios');
    expect(p.countryCodes).toEqual(['USA', 'GBR', 'DEU', 'BRA', 'IND']);
    expectShare(count(p.size, (u) => p.country[u] === 0), p.size, 0.4, 'USA');
    const android = count(p.size, (u) => p.os[u] === OS_ANDROID);
    expectShare(count(p.size, (u) => p.campaign[u] === 0), android, 0.25, 'audience share of android users');
    expect(count(p.size, (u) => p.os[u] === OS_IOS && p.campaign[u] !== -1)).toBe(0);
    expectShare(count(p.size, (u) => p.payer[u] === 1), p.size, 0.06, 'payers');
  });

  it('keeps lapse and purchase recency only where they mean something', async () => {
    const scenario = await shipped('quickstart');
    const p = buildPopulation(scenario, new RandomStreams(scenario.seed));
    for (let u = 0; u < p.size; u++) {
      if ((p.campaign[u] < 0) !== (p.lapsedDays[u] === -1)) throw new Error(`user ${u}: campaign ${p.campaign[u]}, lapsed ${p.lapsedDays[u]}`);
      if ((p.payer[u] === 0) !== (p.daysSinceLastPurchase[u] === -1)) throw new Error(`user ${u}: payer ${p.payer[u]}`);
      if (p.installedCategories[u] >>> APP_CATEGORIES.length !== 0) throw new Error(`user ${u}: category bits beyond the list`);
      if (p.installs90d[u] === 0 && p.installedCategories[u] !== 0) throw new Error(`user ${u}: categories without installs`);
    }
    let lapsed = 0;
    let members = 0;
    let activity = 0;
    for (let u = 0; u < p.size; u++) {
      activity += p.activity[u];
      if (p.campaign[u] >= 0) {
        members++;
        lapsed += p.lapsedDays[u];
      }
    }
    // Exponential, mean 30: the sd of the mean is 30/√n.
    expect(Math.abs(lapsed / members - 30)).toBeLessThan((Z * 30) / Math.sqrt(members));
    // Gamma(0.8) with mean 1: variance 1/0.8.
    expect(Math.abs(activity / p.size - 1)).toBeLessThan(Z * Math.sqrt(1.25 / p.size));
  });

  it('splits one platform per campaign in games-retargeting', async () => {
    const scenario = await shipped('games-retargeting');
    const p = buildPopulation(scenario, new RandomStreams(scenario.seed));
    for (const [index, campaign] of scenario.campaigns.entries()) {
      const os = campaign.app.platform === 'ios' ? OS_IOS : OS_ANDROID;
      const ofOs = count(p.size, (u) => p.os[u] === os);
      expectShare(count(p.size, (u) => p.campaign[u] === index), ofOs, campaign.audienceShare, campaign.id);
      expect(count(p.size, (u) => p.campaign[u] === index && p.os[u] !== os)).toBe(0);
    }
  });

  it('scales audience shares that sum above 1 on one platform, keeping each user in one campaign', () => {
    const scenario = small('world: { users: 4000, os: { android: 1 } }\ntraffic: { requestsPerDay: 10 }\n');
    const twoCampaigns = {
      ...scenario,
      campaigns: [
        { ...scenario.campaigns[0], audienceShare: 0.9 },
        { ...scenario.campaigns[0], id: 'other', audienceShare: 0.9 },
      ],
    };
    const p = buildPopulation(twoCampaigns, new RandomStreams(1));
    expect(count(p.size, (u) => p.campaign[u] === -1)).toBe(0);
    expectShare(count(p.size, (u) => p.campaign[u] === 0), p.size, 0.5, 'first campaign');
  });

  it('rejects more campaigns than a membership byte can index', () => {
    const scenario = small('world: { users: 10 }\ntraffic: { requestsPerDay: 10 }\n');
    const many = { ...scenario, campaigns: Array.from({ length: 128 }, (_, i) => ({ ...scenario.campaigns[0], id: `c${i}` })) };
    expect(() => buildPopulation(many, new RandomStreams(1))).toThrow(WorldError);
  });

  it('holds the 500,000 users of campaign-4m in a few tens of MB', async () => {
    const scenario = await shipped('campaign-4m');
    const p = buildPopulation(scenario, new RandomStreams(scenario.seed));
    expect(p.size).toBe(500_000);
    const bytes = populationBytes(p);
    expect(bytes).toBeLessThan(40 * 2 ** 20);
    expect(count(p.size, (u) => p.campaign[u] === 0)).toBe(500_000);
    expectShare(count(p.size, (u) => p.payer[u] === 1), p.size, 0.09, 'payers');
  });
});
