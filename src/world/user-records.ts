import type { OpportunityTruth } from '../domain/index.js';
import type { Population } from './population.js';
import type { TruthModel } from './truth-model.js';

/** Record layout in 32-bit words; the last two words hold bytes. */
const CLICK_BASE = 0, REENGAGE = 1, VIEW_THROUGH = 2, PURCHASE = 3, PURCHASE_VALUE = 4, CATEGORIES = 5;
const OS_BYTE = 24, COUNTRY_BYTE = 25, REGION_BYTE = 26, DEVICE_TYPE_BYTE = 27, CAMPAIGN_BYTE = 28;
const WORDS = 8;

/**
 * Everything the traffic stream reads of a user for each request (device, location and the true
 * response probabilities), copied once into one 32-byte record per user. The population and the
 * truth model keep one array per quantity, so a request touched eleven arrays at a random user:
 * at 500,000 users that was eleven cache misses and as many TLB misses, a large part of the
 * cost of a request. The copies are bit-exact (the same float32 and integer values), so the
 * requests and truths are the same as read from the arrays.
 */
export class UserRecords {
  private readonly floats: Float32Array;
  private readonly words: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly signedBytes: Int8Array;
  /** Where {@link prefetch} stores what it reads, so that the read is not optimised away. */
  private touched = 0;

  constructor(population: Population, private readonly truthModel: TruthModel) {
    const n = population.size;
    const buffer = new ArrayBuffer(n * WORDS * 4);
    this.floats = new Float32Array(buffer);
    this.words = new Uint32Array(buffer);
    this.bytes = new Uint8Array(buffer);
    this.signedBytes = new Int8Array(buffer);
    const t = truthModel, p = population;
    for (let u = 0; u < n; u++) {
      const w = u * WORDS, b = 4 * w;
      this.floats[w + CLICK_BASE] = t.clickBase[u]!;
      this.floats[w + REENGAGE] = t.pReengage[u]!;
      this.floats[w + VIEW_THROUGH] = t.pViewThrough[u]!;
      this.floats[w + PURCHASE] = t.pPurchase[u]!;
      this.floats[w + PURCHASE_VALUE] = t.purchaseValue[u]!;
      this.words[w + CATEGORIES] = p.installedCategories[u]!;
      this.bytes[b + OS_BYTE] = p.os[u]!;
      this.bytes[b + COUNTRY_BYTE] = p.country[u]!;
      this.bytes[b + REGION_BYTE] = p.region[u]!;
      this.bytes[b + DEVICE_TYPE_BYTE] = p.deviceType[u]!;
      this.signedBytes[b + CAMPAIGN_BYTE] = p.campaign[u]!;
    }
  }

  /** Reads user `u`'s record and nothing more, so that the reads that follow find it in cache (see TrafficStream). */
  prefetch(u: number): void {
    this.touched = this.words[u * WORDS]!;
  }

  os(u: number): number { return this.bytes[u * WORDS * 4 + OS_BYTE]!; }
  country(u: number): number { return this.bytes[u * WORDS * 4 + COUNTRY_BYTE]!; }
  region(u: number): number { return this.bytes[u * WORDS * 4 + REGION_BYTE]!; }
  deviceType(u: number): number { return this.bytes[u * WORDS * 4 + DEVICE_TYPE_BYTE]!; }

  /** The same truth as TruthModel.truth(u, category, format), from the record (a fresh object). */
  truth(u: number, category: number, format: number): OpportunityTruth {
    const w = u * WORDS, f = this.floats;
    return {
      userIndex: u,
      campaignIndex: this.signedBytes[4 * w + CAMPAIGN_BYTE]!,
      pClick: this.truthModel.clickProbability(f[w + CLICK_BASE]!, this.words[w + CATEGORIES]!, category, format),
      pReengageGivenClick: f[w + REENGAGE]!,
      pViewThrough: f[w + VIEW_THROUGH]!,
      pPurchaseGivenReengage: f[w + PURCHASE]!,
      expectedPurchaseValue: f[w + PURCHASE_VALUE]!,
    };
  }
}
