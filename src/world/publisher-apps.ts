import { categorical, type RandomStreams, ZipfTable } from '../rng/index.js';
import type { App } from '../domain/index.js';
import type { AppCategory, Scenario } from '../scenario/index.js';
import { APP_CATEGORY_INDEX, IAB_BY_APP_CATEGORY } from '../domain/index.js';
import { OS_IOS } from './population.js';
import { weightList } from './weight-list.js';
import { WorldPurpose } from './world-purposes.js';

/**
 * The publisher apps that sell inventory. App i has popularity rank i + 1 (Zipf with
 * `world.apps.popularityExponent`) and a store category drawn from `world.apps.categories` at the
 * 'world' stream's seat (i, app). Its OpenRTB app objects (one per OS: a package name on
 * Android, a numeric store id on iOS) are built on first use and frozen, so requests share them.
 */
export class PublisherApps {
  readonly count: number;
  readonly popularity: ZipfTable;
  /** Index into APP_CATEGORIES of each app's store category. */
  readonly category: Uint8Array;
  /** The traffic share of each APP_CATEGORIES entry (Zipf mass of the apps in it). */
  readonly categoryTrafficShare: Float64Array;
  private readonly objects: (App | undefined)[];
  private readonly categoryNames: readonly AppCategory[];

  constructor(scenario: Scenario, streams: RandomStreams) {
    const { apps } = scenario.world;
    this.count = apps.count;
    this.popularity = new ZipfTable(apps.count, apps.popularityExponent);
    const categories = weightList(apps.categories);
    this.categoryNames = categories.keys;
    this.category = new Uint8Array(apps.count);
    this.categoryTrafficShare = new Float64Array(32);
    const d = streams.stream('world').draws();
    let total = 0;
    for (let i = 0; i < apps.count; i++) {
      const c = APP_CATEGORY_INDEX[categories.keys[categorical(d.reset(i, WorldPurpose.app), categories.table)]];
      this.category[i] = c;
      const weight = Math.pow(i + 1, -apps.popularityExponent);
      this.categoryTrafficShare[c] += weight;
      total += weight;
    }
    for (let c = 0; c < 32; c++) this.categoryTrafficShare[c] /= total;
    this.objects = new Array<App | undefined>(apps.count * 2).fill(undefined);
  }

  /** The OpenRTB app object of app `index` as a device of `os` sees it (frozen, shared). */
  app(index: number, os: number): App {
    const slot = index * 2 + os;
    return this.objects[slot] ?? (this.objects[slot] = this.makeApp(index, os));
  }

  private makeApp(index: number, os: number): App {
    const category = this.categoryOf(index);
    const bundle = os === OS_IOS ? String(1_000_000_000 + index) : `com.bidlab.pub${index}`;
    return Object.freeze({
      id: `app-${index}`,
      bundle,
      name: `Publisher app ${index}`,
      cat: Object.freeze([IAB_BY_APP_CATEGORY[category]]),
      publisher: Object.freeze({ id: `pub-${index}` }),
    });
  }

  private categoryOf(index: number): AppCategory {
    const c = this.category[index];
    return this.categoryNames.find((name) => APP_CATEGORY_INDEX[name] === c) as AppCategory;
  }
}
