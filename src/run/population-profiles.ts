import { type ProfileStore, type UserProfile, UuidIndex } from '../engine/index.js';
import type { RandomStreams } from '../rng/index.js';
import { IfaSource, type Population } from '../world/index.js';

/**
 * The embedded profile store: the advertiser's own data on the users of its apps (the
 * retargeting lists), keyed by advertising id, built from the synthetic population. Users of no
 * campaign are not in it, as an advertiser has no data on them: the engine cannot match them.
 * The ids are held as 128-bit numbers (UuidIndex), not strings: a Map of 500,000 id strings cost
 * 60 MB and, in the campaign-4m profile, a tenth of the run's time. Each member's profile is
 * copied once into a 40-byte record kept in the id's own slot of the index, so a lookup reads one
 * cache line (at 500,000 users, one line per population array had been ten cache misses a
 * request, and a record of its own beside the index still two), and makes a profile object from it.
 */
export class PopulationProfiles implements ProfileStore {
  private readonly byIfa: UuidIndex;
  private readonly records: Float32Array;
  private readonly ints: Int32Array;
  /** Payload offsets of a batch of lookups (see {@link lookupMany}), grown on demand. */
  private offsets = new Int32Array(0);

  constructor(population: Population, streams: RandomStreams) {
    const ifas = new IfaSource(streams);
    let members = 0;
    for (let u = 0; u < population.size; u++) if (population.campaign[u]! >= 0) members++;
    this.byIfa = new UuidIndex(members, FIELDS);
    this.records = new Float32Array(this.byIfa.buffer);
    this.ints = new Int32Array(this.byIfa.buffer);
    const p = population;
    // Members in chunks: their ids made, then inserted together (UuidIndex.insertMany).
    const users = new Int32Array(CHUNK), offsets = new Int32Array(CHUNK);
    const ids: string[] = [];
    let u = 0;
    while (u < population.size) {
      let n = 0;
      for (; u < population.size && n < CHUNK; u++) {
        if (p.campaign[u]! < 0) continue;
        users[n] = u;
        ids[n++] = ifas.ifa(u);
      }
      this.byIfa.insertMany(ids, users, n, offsets);
      const f = this.records, i = this.ints;
      for (let k = 0; k < n; k++) {
        const o = offsets[k]!, m = users[k]!;
        i[o + KEY] = m;
        i[o + CAMPAIGN] = p.campaign[m]!;
        f[o + SESSIONS] = p.sessions30d[m]!;
        f[o + OPENS] = p.appOpensPerWeek[m]!;
        f[o + EVENTS] = p.inAppEvents30d[m]!;
        f[o + INSTALLS] = p.installs90d[m]!;
        i[o + CATEGORIES] = p.installedCategories[m]!;
        f[o + LAPSED] = p.lapsedDays[m]!;
        f[o + PAYER] = p.payer[m]!;
        f[o + PURCHASE] = p.daysSinceLastPurchase[m]! < 0 ? NaN : p.daysSinceLastPurchase[m]!;
      }
    }
  }

  get size(): number { return this.byIfa.size; }

  /** The user index behind an advertising id (for joining with the world's truth), or −1. */
  userIndex(ifa: string): number {
    const o = this.byIfa.payloadOf(ifa);
    return o < 0 ? -1 : this.ints[o + KEY]!;
  }

  get(ifa: string): UserProfile | undefined {
    const profile = emptyProfile();
    return this.lookup(ifa, profile) ? profile : undefined;
  }

  /**
   * {@link get} into a profile object of the caller's, allocating nothing (the run loop looks up
   * every request's user); false, leaving `out` as it was, when the store does not know `ifa`.
   */
  lookup(ifa: string, out: MutableProfile): boolean {
    const o = this.byIfa.payloadOf(ifa);
    if (o < 0) return false;
    this.read(o, out);
    return true;
  }

  /**
   * {@link lookup} of ifas[0 … n) into outs[0 … n), found[k] telling whether ifas[k] was known
   * (an undefined ifa is not). Looking a batch up together lets the index's cache misses overlap
   * (see UuidIndex.payloadsOf).
   */
  lookupMany(ifas: ReadonlyArray<string | undefined>, n: number, outs: ReadonlyArray<MutableProfile>, found: Uint8Array): void {
    if (this.offsets.length < n) this.offsets = new Int32Array(n);
    const offsets = this.offsets;
    this.byIfa.payloadsOf(ifas, n, offsets);
    for (let k = 0; k < n; k++) {
      const o = offsets[k]!;
      found[k] = o < 0 ? 0 : 1;
      if (o >= 0) this.read(o, outs[k]!);
    }
  }

  private read(o: number, out: MutableProfile): void {
    const f = this.records, i = this.ints;
    out.key = i[o + KEY]!;
    out.campaign = i[o + CAMPAIGN]!;
    out.sessions30d = f[o + SESSIONS]!;
    out.appOpensPerWeek = f[o + OPENS]!;
    out.inAppEvents30d = f[o + EVENTS]!;
    out.installs90d = f[o + INSTALLS]!;
    out.installedCategories = i[o + CATEGORIES]! >>> 0;
    out.daysSinceLastOpen = f[o + LAPSED]!;
    out.payer = f[o + PAYER]!;
    out.daysSinceLastPurchase = f[o + PURCHASE]!;
  }
}

/** A profile the store can write into (see {@link PopulationProfiles.lookup}). */
export type MutableProfile = { -readonly [K in keyof UserProfile]: UserProfile[K] };

/** A profile object to fill with {@link PopulationProfiles.lookup}. */
export function emptyProfile(): MutableProfile {
  return {
    key: -1, campaign: -1, sessions30d: NaN, appOpensPerWeek: NaN, inAppEvents30d: NaN, installs90d: NaN,
    installedCategories: 0, daysSinceLastOpen: NaN, payer: NaN, daysSinceLastPurchase: NaN,
  };
}

/** Record layout: int32 fields through `ints`, the others float32 (each population array's own type fits). */
const KEY = 0, CAMPAIGN = 1, SESSIONS = 2, OPENS = 3, EVENTS = 4, INSTALLS = 5, CATEGORIES = 6, LAPSED = 7, PAYER = 8, PURCHASE = 9;
const FIELDS = 10;
/** Members inserted together when the store is built. */
const CHUNK = 256;
