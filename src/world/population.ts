import { AliasTable, categorical, gamma, normal, poisson, type RandomStreams, distributionSampler } from '../rng/index.js';
import type { Scenario } from '../scenario/index.js';
import { APP_CATEGORY_INDEX } from '../domain/index.js';
import { weightList } from './weight-list.js';
import { WorldError } from './world-error.js';
import { WorldPurpose } from './world-purposes.js';

/** `Population.os` codes. */
export const OS_ANDROID = 0;
export const OS_IOS = 1;
export const OS_NAMES = ['android', 'ios'] as const;

/** OpenRTB device.devicetype values the world uses. */
export const DEVICE_PHONE = 4;
export const DEVICE_TABLET = 5;

/** Regions per country (OpenRTB geo.region 'R1'…'R8'), Zipf-weighted: a capital region and a tail. */
export const REGIONS_PER_COUNTRY = 8;
const REGION_WEIGHTS = Float64Array.from({ length: REGIONS_PER_COUNTRY }, (_, k) => 1 / (k + 1));
const TABLET_SHARE = 0.08;
/** Mean sessions (all apps) in the last 30 days of a user of activity 1. */
const SESSIONS_PER_MONTH = 45;
/** In-app events per open of the advertised app: lognormal, median 2, sigma 0.8. */
const EVENTS_PER_OPEN_MEDIAN = 2;
const EVENTS_PER_OPEN_SIGMA = 0.8;
/** Installed apps whose categories are drawn into the mask; more installs add no new information. */
const MAX_CATEGORY_DRAWS = 16;

/**
 * The synthetic users as a struct of arrays, one entry per user index (about 40 bytes a user).
 * Everything here is ground truth; the engine sees only what a bid request and a profile store
 * built from these would tell it. Per-user quantities of the advertised app (`appOpensPerWeek`,
 * `lapsedDays`, `inAppEvents30d`) describe the app of the campaign the user belongs to.
 */
export interface Population {
  readonly size: number;
  /** Country codes (ISO alpha-3) by country index, in the order of `world.countries`. */
  readonly countryCodes: readonly string[];
  /** `OS_ANDROID` or `OS_IOS`. */
  readonly os: Uint8Array;
  readonly country: Uint8Array;
  /** 0 … REGIONS_PER_COUNTRY − 1 within the user's country. */
  readonly region: Uint8Array;
  /** OpenRTB devicetype: 4 phone, 5 tablet. */
  readonly deviceType: Uint8Array;
  /** Index of the campaign whose app the user has installed (its retargeting list), −1 for none. */
  readonly campaign: Int8Array;
  /** Relative ad-request rate, Gamma(activityShape) with mean 1: who shows up in auctions. */
  readonly activity: Float32Array;
  /** Sessions in any app over the last 30 days (feature group 1), Poisson(45 × activity). */
  readonly sessions30d: Uint16Array;
  /** Opens of the advertised app per week over its active period (feature group 2). */
  readonly appOpensPerWeek: Float32Array;
  /** In-app events in the advertised app over the last 30 days of use (feature group 2). */
  readonly inAppEvents30d: Uint16Array;
  /** Apps installed in the last 90 days (feature group 4), at most 255. */
  readonly installs90d: Uint8Array;
  /** Bit i set: an app of APP_CATEGORIES[i] was among the recent installs (feature group 4). */
  readonly installedCategories: Uint32Array;
  /** Days since the last open of the campaign's app (feature group 5); −1 for non-members. */
  readonly lapsedDays: Float32Array;
  /** 1 if the user ever purchased in the app. */
  readonly payer: Uint8Array;
  /** Days since the last purchase (feature group 5); −1 for non-payers. */
  readonly daysSinceLastPurchase: Float32Array;
  /** The hidden responsiveness, N(0, 1): part of every true response, seen by no feature. */
  readonly latent: Float32Array;
}

/**
 * Draws the users of `scenario.world` from the 'world' stream, each at its own keyed seat
 * (user index, purpose), so user i is the same whatever the user count. Memberships: a user on
 * a campaign's platform belongs to it with probability `audienceShare`; a user belongs to at most
 * one campaign, so if the shares of one platform sum above 1 they are scaled to sum to 1.
 */
export function buildPopulation(scenario: Scenario, streams: RandomStreams): Population {
  const { world, campaigns } = scenario;
  const n = world.users;
  if (campaigns.length > 127) {
    throw new WorldError('WORLD_TOO_MANY_CAMPAIGNS', `the world supports at most 127 campaigns, got ${campaigns.length}`, 'campaigns');
  }
  const countries = weightList(world.countries);
  const osList = weightList(world.os);
  const osCodes = Uint8Array.from(osList.keys, (k) => (k === 'android' ? OS_ANDROID : OS_IOS));
  const categories = weightList(world.apps.categories);
  const categoryBits = Uint32Array.from(categories.keys, (k) => 1 << APP_CATEGORY_INDEX[k]);
  const regionTable = new AliasTable(REGION_WEIGHTS);
  const audiences = [OS_ANDROID, OS_IOS].map((os) => audienceCut(scenario, OS_NAMES[os]));
  const b = world.behaviour;
  const opensSampler = distributionSampler(b.appOpensPerWeek);
  const installsSampler = distributionSampler(b.recentInstalls);
  const lapsedSampler = distributionSampler(b.lapsedDays);
  const purchaseSampler = distributionSampler(b.daysSinceLastPurchase);
  const eventsMu = Math.log(EVENTS_PER_OPEN_MEDIAN);

  const p = {
    size: n,
    countryCodes: countries.keys,
    os: new Uint8Array(n),
    country: new Uint8Array(n),
    region: new Uint8Array(n),
    deviceType: new Uint8Array(n),
    campaign: new Int8Array(n),
    activity: new Float32Array(n),
    sessions30d: new Uint16Array(n),
    appOpensPerWeek: new Float32Array(n),
    inAppEvents30d: new Uint16Array(n),
    installs90d: new Uint8Array(n),
    installedCategories: new Uint32Array(n),
    lapsedDays: new Float32Array(n),
    payer: new Uint8Array(n),
    daysSinceLastPurchase: new Float32Array(n),
    latent: new Float32Array(n),
  } satisfies Population;

  const stream = streams.stream('world');
  const d = stream.draws();
  const shape = b.activityShape;
  for (let u = 0; u < n; u++) {
    d.reset(u, WorldPurpose.userFixed);
    const os = osCodes[categorical(d, osList.table)];
    p.os[u] = os;
    p.country[u] = categorical(d, countries.table);
    p.region[u] = categorical(d, regionTable);
    p.deviceType[u] = d.nextDouble() < TABLET_SHARE ? DEVICE_TABLET : DEVICE_PHONE;
    p.campaign[u] = audiences[os].pick(d.nextDouble());
    const opens = opensSampler(d);
    p.appOpensPerWeek[u] = opens;
    const eventsPerOpen = Math.exp(normal(d, eventsMu, EVENTS_PER_OPEN_SIGMA));
    const installs = Math.min(255, Math.round(installsSampler(d)));
    p.installs90d[u] = installs;
    const lapsed = lapsedSampler(d);
    p.lapsedDays[u] = p.campaign[u] >= 0 ? lapsed : -1;
    const payer = d.nextDouble() < b.payerShare;
    p.payer[u] = payer ? 1 : 0;
    const sincePurchase = purchaseSampler(d);
    p.daysSinceLastPurchase[u] = payer ? sincePurchase : -1;
    p.latent[u] = normal(d);

    const activity = gamma(d.reset(u, WorldPurpose.userActivity), shape, 1 / shape);
    p.activity[u] = activity;
    p.sessions30d[u] = Math.min(65535, poisson(d.reset(u, WorldPurpose.userSessions), SESSIONS_PER_MONTH * activity));
    p.inAppEvents30d[u] = Math.min(65535, poisson(d.reset(u, WorldPurpose.userEvents), (opens * 30 * eventsPerOpen) / 7));
    d.reset(u, WorldPurpose.userCategories);
    let mask = 0;
    for (let k = Math.min(installs, MAX_CATEGORY_DRAWS); k > 0; k--) mask |= categoryBits[categorical(d, categories.table)];
    p.installedCategories[u] = mask >>> 0;
  }
  return p;
}

/** Cumulative membership shares of the campaigns of one platform: `pick(u)` maps a uniform to a campaign or −1. */
function audienceCut(scenario: Scenario, os: 'android' | 'ios'): { pick(u: number): number } {
  const members = scenario.campaigns.flatMap((c, i) => (c.app.platform === os ? [{ index: i, share: c.audienceShare }] : []));
  const total = members.reduce((sum, m) => sum + m.share, 0);
  const scale = total > 1 ? 1 / total : 1;
  const cuts: number[] = [];
  let cumulative = 0;
  for (const m of members) cuts.push((cumulative += m.share * scale));
  const indices = members.map((m) => m.index);
  return {
    pick(u: number): number {
      for (let k = 0; k < cuts.length; k++) if (u < cuts[k]) return indices[k];
      return -1;
    },
  };
}

/** Bytes the population's arrays hold. */
export function populationBytes(population: Population): number {
  let bytes = 0;
  for (const value of Object.values(population)) if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  return bytes;
}
