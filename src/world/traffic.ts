import type { Device, Imp, Opportunity, OpportunityTruth } from '../domain/index.js';
import { AliasTable, categorical, categoricalAt, type Draws, type RandomStreams, distributionSampler, type DistributionSampler } from '../rng/index.js';
import type { Scenario } from '../scenario/index.js';
import { AD_FORMAT_INDEX } from './ad-formats.js';
import { IfaSource } from './ifa-source.js';
import { OS_NAMES, REGIONS_PER_COUNTRY, type Population } from './population.js';
import { PublisherApps } from './publisher-apps.js';
import { bannerOfSize, CURRENCIES, GeoCache, INTERSTITIAL_BANNER, NATIVE, REWARDED_VIDEO } from './request-parts.js';
import { TrafficSchedule } from './traffic-schedule.js';
import { TruthModel } from './truth-model.js';
import { UserRecords } from './user-records.js';
import { weightList, type WeightList } from './weight-list.js';
import { WorldError } from './world-error.js';

/** One synthetic auction opportunity and what the world knows about it. */
export interface TrafficItem {
  readonly opportunity: Opportunity;
  readonly truth: OpportunityTruth;
}

export interface TrafficOptions {
  /** The publisher apps; default: built from the scenario (pass one to share it). */
  readonly apps?: PublisherApps;
  /** The truth model; default: built from the scenario, the population and the apps. */
  readonly truthModel?: TruthModel;
}

const BANNER = AD_FORMAT_INDEX.banner;
const INTERSTITIAL = AD_FORMAT_INDEX.interstitial;
const REWARDED = AD_FORMAT_INDEX['rewarded-video'];
/** Opportunities whose draws are made together, ahead of their items. */
const AHEAD = 64;

/**
 * The synthetic ad requests of a scenario, in time order, made one at a time (memory stays
 * bounded whatever `traffic.days × requestsPerDay` is). Opportunity i is made from the 'traffic'
 * stream's draws at seat (i, 0) alone, in this order: time jitter, user (alias table over
 * activity), publisher app (Zipf rank), format, banner size, ifa present, floor present, floor
 * CPM; so the same scenario and seed give the same stream, and so would any worker that jumps to i.
 *
 * Contract: every item is a fresh object graph down to the request, its imp list, imp and
 * device, so a consumer may keep items as long as it likes. Parts that never change (app, geo,
 * banner, video and native objects, cur) are frozen and shared between items. Fresh objects are
 * cheap enough (bench/world.ts: over 800,000 items a second, about 7% of the time in the young-
 * generation GC) that reusing them, and the copy-or-lose contract that comes with it, is not
 * worth it. The class form is used rather than a generator: `nextItem()` and `next()` measured
 * the same, and a generator around them about 5-10% slower.
 */
export class TrafficStream implements IterableIterator<TrafficItem> {
  /** Opportunities the stream yields in all. */
  readonly total: number;
  readonly schedule: TrafficSchedule;
  readonly apps: PublisherApps;
  readonly truthModel: TruthModel;
  private readonly records: UserRecords;
  private readonly draws: Draws;
  private readonly users: AliasTable;
  private readonly formats: WeightList<string>;
  private readonly formatIndex: Uint8Array;
  private readonly sizes: WeightList<string>;
  private readonly banners: ReturnType<typeof bannerOfSize>[];
  private readonly ifaShare: Float64Array;
  private readonly floorShare: number;
  private readonly floorCpm: DistributionSampler;
  /** Floor multiplier by format index × 256 + country index. */
  private readonly floorMultiplier: Float64Array;
  private readonly at: 1 | 2;
  private readonly tmax: number;
  private readonly ifas: IfaSource;
  private readonly geos: GeoCache;
  private nextId = 0;
  // The draws of opportunities aheadFirst … aheadFirst + aheadCount − 1; the next item is aheadAt.
  private aheadFirst = 0;
  private aheadCount = 0;
  private aheadAt = 0;
  private readonly aheadTime = new Float64Array(AHEAD);
  private readonly aheadUserDraw = new Float64Array(AHEAD);
  private readonly aheadUser = new Int32Array(AHEAD);
  private readonly aheadApp = new Int32Array(AHEAD);
  private readonly aheadFormat = new Uint8Array(AHEAD);
  private readonly aheadSize = new Int32Array(AHEAD);
  private readonly aheadIfaDraw = new Float64Array(AHEAD);
  private readonly aheadFloorDraw = new Float64Array(AHEAD);
  private readonly aheadFloorCpm = new Float64Array(AHEAD);
  private bucket = -1;
  private bucketFirst = 0;
  private bucketEnd = 0;
  private bucketCount = 0;
  private bucketTime = 0;

  constructor(scenario: Scenario, population: Population, streams: RandomStreams, options: TrafficOptions = {}) {
    const { traffic, market } = scenario;
    this.schedule = new TrafficSchedule(scenario);
    this.total = this.schedule.total;
    this.apps = options.apps ?? new PublisherApps(scenario, streams);
    this.truthModel = options.truthModel ?? new TruthModel(scenario, population, this.apps.categoryTrafficShare);
    this.records = new UserRecords(population, this.truthModel);
    this.draws = streams.stream('traffic').draws();
    this.users = new AliasTable(population.activity);
    this.formats = weightList(traffic.formats);
    this.formatIndex = Uint8Array.from(this.formats.keys, (k) => AD_FORMAT_INDEX[k as keyof typeof AD_FORMAT_INDEX]);
    this.sizes = weightList(traffic.bannerSizes);
    this.banners = this.sizes.keys.map(bannerOfSize);
    this.ifaShare = Float64Array.of(traffic.ifaShare.android, traffic.ifaShare.ios);
    this.floorShare = market.floors.share;
    this.floorCpm = distributionSampler(market.floors.cpm);
    this.floorMultiplier = new Float64Array(4 * 256);
    const countryMultipliers = market.floors.countryMultipliers as Partial<Record<string, number>>;
    for (const [format, f] of Object.entries(AD_FORMAT_INDEX)) {
      const formatMultiplier = market.floors.formatMultipliers[format as keyof typeof AD_FORMAT_INDEX];
      population.countryCodes.forEach((code, k) => {
        this.floorMultiplier[f * 256 + k] = formatMultiplier * (countryMultipliers[code] ?? 1);
      });
    }
    this.at = market.auction === 'first-price' ? 1 : 2;
    this.tmax = traffic.tmaxMs;
    this.ifas = new IfaSource(streams);
    this.geos = new GeoCache(population.countryCodes, REGIONS_PER_COUNTRY);
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<TrafficItem, undefined> {
    const item = this.nextItem();
    return item === undefined ? { done: true, value: undefined } : { done: false, value: item };
  }

  /** The next item, or undefined at the end: `next()` without the iterator-result wrapper. */
  nextItem(): TrafficItem | undefined {
    if (this.aheadAt === this.aheadCount) {
      if (this.nextId >= this.total) return undefined;
      this.drawAhead();
    }
    const j = this.aheadAt++;
    const id = this.aheadFirst + j;
    const time = this.aheadTime[j];
    const u = this.aheadUser[j];
    const appIndex = this.aheadApp[j];
    const format = this.aheadFormat[j];
    const size = this.aheadSize[j];
    const ifaDraw = this.aheadIfaDraw[j];
    const floorDraw = this.aheadFloorDraw[j];
    const floorCpm = this.aheadFloorCpm[j];

    const users = this.records;
    const os = users.os(u);
    const country = users.country(u);
    const geo = this.geos.geo(country, users.region(u));
    const device: Device = ifaDraw < this.ifaShare[os]
      ? { ifa: this.ifas.ifa(u), lmt: 0, os: OS_NAMES[os], devicetype: users.deviceType(u), geo }
      : { lmt: 1, os: OS_NAMES[os], devicetype: users.deviceType(u), geo };
    const floor = floorDraw < this.floorShare
      ? Math.max(0.01, Math.round(floorCpm * this.floorMultiplier[format * 256 + country] * 100) / 100)
      : 0;
    const opportunity: Opportunity = {
      id,
      time,
      request: {
        id: String(id),
        imp: [this.imp(format, size, floor)],
        app: this.apps.app(appIndex, os),
        device,
        at: this.at,
        tmax: this.tmax,
        cur: CURRENCIES,
      },
    };
    return { opportunity, truth: users.truth(u, this.apps.category[appIndex], format) };
  }

  /** Moves the stream so that the next item is opportunity `id` (0 … total): a worker can take a slice. */
  seek(id: number): void {
    if (!(Number.isSafeInteger(id) && id >= 0 && id <= this.total)) {
      throw new WorldError('WORLD_BAD_ARGUMENT', `seek expects an opportunity id in 0..${this.total}, got ${id}`, 'TrafficStream.seek');
    }
    this.nextId = id;
    this.aheadCount = 0;
    this.aheadAt = 0;
    this.bucket = -1;
    this.bucketEnd = 0;
  }

  /**
   * Makes the draws of the next opportunities (up to AHEAD), each from its own seat in the order
   * the class comment gives. The users are picked last, in a loop of their own, and their records
   * then read in another: the alias-table cells and records of 500,000 users are far bigger than
   * the caches, and reading them one after another lets the cache misses overlap, where reading
   * each in the middle of making its item stalled that item.
   */
  private drawAhead(): void {
    const first = this.nextId;
    const n = Math.min(AHEAD, this.total - first);
    for (let j = 0; j < n; j++) {
      const id = first + j;
      if (id >= this.bucketEnd) this.enterBucketOf(id);
      const d = this.draws.reset(id, 0);
      this.aheadTime[j] = this.bucketTime + (3600 * (id - this.bucketFirst + d.nextDouble())) / this.bucketCount;
      this.aheadUserDraw[j] = d.nextDouble();
      this.aheadApp[j] = categorical(d, this.apps.popularity.table);
      this.aheadFormat[j] = this.formatIndex[categorical(d, this.formats.table)];
      this.aheadSize[j] = categorical(d, this.sizes.table);
      this.aheadIfaDraw[j] = d.nextDouble();
      this.aheadFloorDraw[j] = d.nextDouble();
      this.aheadFloorCpm[j] = this.floorCpm(d);
    }
    for (let j = 0; j < n; j++) this.aheadUser[j] = categoricalAt(this.users, this.aheadUserDraw[j]);
    for (let j = 0; j < n; j++) this.records.prefetch(this.aheadUser[j]);
    this.aheadFirst = first;
    this.aheadCount = n;
    this.aheadAt = 0;
    this.nextId = first + n;
  }

  private imp(format: number, size: number, floor: number): Imp {
    const imp: { -readonly [K in keyof Imp]: Imp[K] } =
      format === BANNER ? { id: '1', banner: this.banners[size], instl: 0 }
      : format === INTERSTITIAL ? { id: '1', banner: INTERSTITIAL_BANNER, instl: 1 }
      : format === REWARDED ? { id: '1', video: REWARDED_VIDEO, instl: 1, rwdd: 1 }
      : { id: '1', native: NATIVE, instl: 0 };
    if (floor > 0) {
      imp.bidfloor = floor;
      imp.bidfloorcur = 'USD';
    }
    return imp;
  }

  private enterBucketOf(id: number): void {
    const starts = this.schedule.bucketStart;
    do this.bucket++;
    while (starts[this.bucket + 1] <= id);
    this.bucketFirst = starts[this.bucket];
    this.bucketEnd = starts[this.bucket + 1];
    this.bucketCount = this.bucketEnd - this.bucketFirst;
    this.bucketTime = this.schedule.bucketTime(this.bucket);
  }
}

/** The synthetic traffic of `scenario` over `population`: see {@link TrafficStream}. */
export function trafficStream(scenario: Scenario, population: Population, streams: RandomStreams, options?: TrafficOptions): TrafficStream {
  return new TrafficStream(scenario, population, streams, options);
}
