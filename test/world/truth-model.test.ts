import { beforeAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/rng/index.js';
import type { Scenario } from '../../src/scenario/index.js';
import {
  AD_FORMATS, AD_FORMAT_INDEX, APP_CATEGORY_BY_IAB, APP_CATEGORY_INDEX, buildPopulation, DEFAULT_PURCHASE_VALUE_USD, PublisherApps,
  TruthModel, type Population, type TrafficItem,
} from '../../src/world/index.js';
import { shipped, small, take, world } from './world-fixtures.js';

function formatOf(item: TrafficItem): number {
  const imp = item.opportunity.request.imp[0];
  return AD_FORMAT_INDEX[imp.video ? 'rewarded-video' : imp.native ? 'native' : imp.instl === 1 ? 'interstitial' : 'banner'];
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function correlation(xs: ArrayLike<number>, ys: ArrayLike<number>, include: (i: number) => boolean): number {
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    if (!include(i)) continue;
    n++;
    sx += xs[i];
    sy += ys[i];
    sxx += xs[i] * xs[i];
    syy += ys[i] * ys[i];
    sxy += xs[i] * ys[i];
  }
  return (sxy / n - (sx / n) * (sy / n)) / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
}

describe('the true response of the quickstart traffic', () => {
  let scenario: Scenario;
  let items: TrafficItem[];
  beforeAll(async () => {
    scenario = await shipped('quickstart');
    items = take(world(scenario).stream, Infinity);
  });

  it('averages the scenario CTR of each format within 10%', () => {
    for (const [f, format] of AD_FORMATS.entries()) {
      const p = items.filter((item) => formatOf(item) === f).map((item) => item.truth.pClick);
      expect(Math.abs(mean(p) / scenario.world.response.ctr[format] - 1), format).toBeLessThan(0.1);
    }
  });

  it('averages the scenario re-engagement, view-through and purchase rates over audience requests', () => {
    const members = items.filter((item) => item.truth.campaignIndex >= 0).map((item) => item.truth);
    const { response } = scenario.world;
    expect(mean(members.map((t) => t.pReengageGivenClick)) / response.reengageAfterClick).toBeCloseTo(1, 1);
    expect(mean(members.map((t) => t.pViewThrough)) / response.viewThroughRate).toBeCloseTo(1, 1);
    expect(mean(members.map((t) => t.pPurchaseGivenReengage)) / response.purchaseAfterReengage).toBeCloseTo(1, 1);
    expect(mean(members.map((t) => t.expectedPurchaseValue)) / DEFAULT_PURCHASE_VALUE_USD).toBeCloseTo(1, 1);
  });

  it('gives users outside every audience no re-engagement, view-through or purchase', () => {
    for (const { truth } of items) {
      if (!(truth.pClick > 0 && truth.pClick < 1)) throw new Error(`pClick ${truth.pClick}`);
      if (truth.campaignIndex >= 0) continue;
      if (truth.pReengageGivenClick + truth.pViewThrough + truth.pPurchaseGivenReengage + truth.expectedPurchaseValue !== 0) {
        throw new Error(`user ${truth.userIndex} is in no audience but has ${JSON.stringify(truth)}`);
      }
    }
  });

  it('makes clicks likelier on publisher apps of a category the user installed lately', () => {
    const matched: number[] = [];
    const unmatched: number[] = [];
    const p = world(scenario).population;
    for (const item of items) {
      if (formatOf(item) !== AD_FORMAT_INDEX.banner) continue;
      const category = APP_CATEGORY_INDEX[APP_CATEGORY_BY_IAB[item.opportunity.request.app!.cat![0]]];
      ((p.installedCategories[item.truth.userIndex] >>> category) & 1 ? matched : unmatched).push(item.truth.pClick);
    }
    expect(mean(matched)).toBeGreaterThan(1.3 * mean(unmatched));
  });
});

describe('the signal knob', () => {
  const build = (signal: number): { population: Population; truth: TruthModel } => {
    const scenario = small(`world: { users: 20000, response: { signal: ${signal} } }\ntraffic: { requestsPerDay: 10 }\n`);
    const streams = new RandomStreams(11);
    const population = buildPopulation(scenario, streams);
    return { population, truth: new TruthModel(scenario, population, new PublisherApps(scenario, streams).categoryTrafficShare) };
  };
  const lapse = (p: Population) => Float64Array.from(p.lapsedDays, (d) => Math.log1p(d));
  const members = (p: Population) => (u: number) => p.campaign[u] >= 0;

  it('at 0.7 ties the response to the features and still to the hidden latent', () => {
    const { population: p, truth } = build(0.7);
    expect(correlation(lapse(p), truth.pReengage, members(p))).toBeLessThan(-0.3);
    expect(correlation(Float64Array.from(p.appOpensPerWeek, Math.log1p), truth.pReengage, members(p))).toBeGreaterThan(0.2);
    expect(correlation(p.latent, truth.pReengage, members(p))).toBeGreaterThan(0.3);
    expect(correlation(p.payer, truth.pPurchase, members(p))).toBeGreaterThan(0.2);
  });

  it('at 0 leaves nothing for the features to explain', () => {
    const { population: p, truth } = build(0);
    expect(Math.abs(correlation(lapse(p), truth.pReengage, members(p)))).toBeLessThan(0.05);
    expect(Math.abs(correlation(Float64Array.from(p.installs90d, Math.log1p), truth.clickBase, () => true))).toBeLessThan(0.05);
    expect(truth.categoryMatch).toBe(0);
  });

  it('at 1 leaves the hidden latent out', () => {
    const { population: p, truth } = build(1);
    expect(Math.abs(correlation(p.latent, truth.pReengage, members(p)))).toBeLessThan(0.05);
  });
});
