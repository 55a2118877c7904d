import type { ProfileStore, UserProfile } from './user-profile.js';
import { UuidIndex } from './uuid-index.js';

/** A profile as it is added: the store numbers its users itself. */
export type ProfileValues = Omit<UserProfile, 'key'>;

/**
 * A profile store filled one user at a time (from a recorded profile file, a production
 * export), laid out as the world's embedded store is: ids as 128-bit numbers in a UuidIndex,
 * each user's fields in one 36-byte record of 32-bit numbers, so a lookup reads one or two
 * cache lines and a user takes about 100 bytes. Keys are 0, 1, 2, … in the order users
 * were added, dense as the frequency caps want them.
 */
export class PackedProfileStore implements ProfileStore {
  private readonly byIfa: UuidIndex;
  private readonly records: Float32Array;
  private readonly ints: Int32Array;
  private count = 0;

  /** Room for `capacity` users (the table is sized once). */
  constructor(readonly capacity: number) {
    this.byIfa = new UuidIndex(capacity);
    const buffer = new ArrayBuffer(Math.max(1, capacity) * FIELDS * 4);
    this.records = new Float32Array(buffer);
    this.ints = new Int32Array(buffer);
  }

  get size(): number { return this.count; }

  /** The key of the user behind `ifa`, or −1 when the store does not hold it. */
  keyOf(ifa: string): number {
    return this.byIfa.get(ifa);
  }

  /**
   * Adds a user and returns its key; −1 (nothing added) when `ifa` is not shaped like a UUID.
   * An ifa already held is replaced in the index: callers that must refuse duplicates ask
   * {@link keyOf} first.
   */
  add(ifa: string, p: ProfileValues): number {
    if (this.count >= this.capacity) throw new RangeError(`PackedProfileStore is full (capacity ${this.capacity})`);
    const key = this.count;
    if (!this.byIfa.set(ifa, key)) return -1;
    this.count++;
    const o = key * FIELDS, f = this.records, i = this.ints;
    i[o + CAMPAIGN] = p.campaign;
    f[o + SESSIONS] = p.sessions30d;
    f[o + OPENS] = p.appOpensPerWeek;
    f[o + EVENTS] = p.inAppEvents30d;
    f[o + INSTALLS] = p.installs90d;
    i[o + CATEGORIES] = p.installedCategories;
    f[o + LAPSED] = p.daysSinceLastOpen;
    f[o + PAYER] = p.payer;
    f[o + PURCHASE] = p.daysSinceLastPurchase;
    return key;
  }

  get(ifa: string): UserProfile | undefined {
    const key = this.byIfa.get(ifa);
    if (key < 0) return undefined;
    const o = key * FIELDS, f = this.records, i = this.ints;
    return {
      key,
      campaign: i[o + CAMPAIGN]!,
      sessions30d: f[o + SESSIONS]!,
      appOpensPerWeek: f[o + OPENS]!,
      inAppEvents30d: f[o + EVENTS]!,
      installs90d: f[o + INSTALLS]!,
      installedCategories: i[o + CATEGORIES]! >>> 0,
      daysSinceLastOpen: f[o + LAPSED]!,
      payer: f[o + PAYER]!,
      daysSinceLastPurchase: f[o + PURCHASE]!,
    };
  }
}

/** Record layout: int32 fields through `ints`, the others float32. */
const CAMPAIGN = 0, SESSIONS = 1, OPENS = 2, EVENTS = 3, INSTALLS = 4, CATEGORIES = 5, LAPSED = 6, PAYER = 7, PURCHASE = 8;
const FIELDS = 9;
