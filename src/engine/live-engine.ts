import type { BidRequest } from '../domain/index.js';
import type { Bidder, ConversionEstimate, Decision } from './bidder.js';
import { NUM_FEATURES, writeFeatures } from './features.js';
import type { ProfileStore } from './user-profile.js';

/** What the engine needs of a model: one probability for one row of features (Predictor.predictOne). */
export interface RowScorer {
  predictOne(data: ArrayLike<number>, offset: number): number;
}

export interface LiveEngineOptions {
  readonly bidder: Bidder;
  readonly store: ProfileStore;
  /** The model pricing asks; none for blind pricing rules (fixed, floor-plus). */
  readonly scorer?: RowScorer;
  /**
   * Bids remembered for their win and billing notices (default 1,048,576). A notice for a bid
   * older than the last `ledgerSize` bids is answered 'unknown': notices come within seconds,
   * and a bounded ring keeps a long load test's memory flat.
   */
  readonly ledgerSize?: number;
}

/** How a notice was taken: booked against budget and cap, or why not. */
export type NoticeResult = 'booked' | 'billed' | 'duplicate' | 'unknown' | 'bad-price';

const OPEN = 0, WON = 1, BILLED = 2;

/**
 * The bidding engine as it answers one request at a time, live: profile lookup, features, the
 * model (asked only when the request reaches pricing), the bidder's decision; and the win and
 * billing notices that book spend against the budget and impressions against the frequency cap.
 * It knows nothing of HTTP or of a simulated world: the caller gives the request and the time on
 * the campaign's clock (seconds since its day 0), and decides what to send.
 *
 * Offered bids sit in a fixed ring (typed arrays, no objects per bid), keyed by a bid number the
 * caller puts into its notice URLs.
 */
export class LiveEngine implements ConversionEstimate {
  readonly bidder: Bidder;
  private readonly store: ProfileStore;
  private readonly scorer: RowScorer | undefined;
  private readonly features = new Float64Array(NUM_FEATURES);
  private readonly size: number;
  private readonly ledgerId: Float64Array;
  private readonly ledgerCampaign: Int32Array;
  private readonly ledgerUser: Float64Array;
  private readonly ledgerCpm: Float64Array;
  private readonly ledgerState: Uint8Array;
  private nextBid = 0;
  private userKey = -1;

  constructor(options: LiveEngineOptions) {
    this.bidder = options.bidder;
    this.store = options.store;
    this.scorer = options.scorer;
    this.size = Math.max(1, options.ledgerSize ?? 1 << 20);
    this.ledgerId = new Float64Array(this.size).fill(-1);
    this.ledgerCampaign = new Int32Array(this.size);
    this.ledgerUser = new Float64Array(this.size);
    this.ledgerCpm = new Float64Array(this.size);
    this.ledgerState = new Uint8Array(this.size);
  }

  /**
   * The decision for `request` at `time` (campaign clock, seconds). The returned object is the
   * bidder's, reused on the next call: read it before deciding again. A bid is not remembered
   * until {@link offer} says it was sent.
   */
  decide(request: BidRequest, time: number): Decision {
    const ifa = request.device?.ifa;
    const profile = ifa === undefined ? undefined : this.store.get(ifa);
    this.userKey = profile ? profile.key : -1;
    if (profile) writeFeatures(request, profile, time, this.features, 0);
    return this.bidder.decide(request, profile, time, this.features, 0, this);
  }

  /** The model's P(conversion) for the request being decided; the bidder asks only at pricing. */
  pConversion(): number {
    return this.scorer ? this.scorer.predictOne(this.features, 0) : NaN;
  }

  /** The bid number the next {@link offer} will return (for an answer built before it is offered). */
  get nextBidNumber(): number { return this.nextBid; }

  /**
   * Remembers the last decision's bid as sent and returns its bid number, for the notice URLs.
   * Call it only for a bid actually sent: an answer dropped for lateness is never offered.
   */
  offer(decision: Decision): number {
    const id = this.nextBid++;
    const slot = id % this.size;
    this.ledgerId[slot] = id;
    this.ledgerCampaign[slot] = decision.campaign;
    this.ledgerUser[slot] = this.userKey;
    this.ledgerCpm[slot] = decision.cpm;
    this.ledgerState[slot] = OPEN;
    return id;
  }

  /**
   * A win notice: the bid won at `priceCpm` (the exchange's clearing price, at most the bid).
   * Books the spend and the impression once, whichever of win or bill comes first.
   */
  win(bidId: number, priceCpm: number, time: number): NoticeResult {
    const slot = this.slotOf(bidId);
    if (slot < 0) return 'unknown';
    if (!this.validPrice(slot, priceCpm)) return 'bad-price';
    if (this.ledgerState[slot] !== OPEN) return 'duplicate';
    this.book(slot, priceCpm, time);
    this.ledgerState[slot] = WON;
    return 'booked';
  }

  /**
   * A billing notice: the impression was shown and is billable. Exchanges that send only
   * billing notices book here; after a win notice it only marks the bid billed.
   */
  bill(bidId: number, priceCpm: number, time: number): NoticeResult {
    const slot = this.slotOf(bidId);
    if (slot < 0) return 'unknown';
    if (!this.validPrice(slot, priceCpm)) return 'bad-price';
    const state = this.ledgerState[slot];
    if (state === BILLED) return 'duplicate';
    this.ledgerState[slot] = BILLED;
    if (state === WON) return 'billed';
    this.book(slot, priceCpm, time);
    return 'booked';
  }

  /** The bid price (CPM) of an offered bid still in the ledger, or NaN. */
  offeredCpm(bidId: number): number {
    const slot = this.slotOf(bidId);
    return slot < 0 ? NaN : this.ledgerCpm[slot]!;
  }

  private book(slot: number, priceCpm: number, time: number): void {
    this.bidder.recordWin(this.ledgerCampaign[slot]!, this.ledgerUser[slot]!, time, priceCpm / 1000);
  }

  /** A price an exchange could have charged: 0 up to the bid (a tiny tolerance for decimal text). */
  private validPrice(slot: number, priceCpm: number): boolean {
    return priceCpm >= 0 && priceCpm <= this.ledgerCpm[slot]! * (1 + 1e-9) + 1e-9;
  }

  private slotOf(bidId: number): number {
    if (!(Number.isSafeInteger(bidId) && bidId >= 0 && bidId < this.nextBid)) return -1;
    const slot = bidId % this.size;
    return this.ledgerId[slot] === bidId ? slot : -1;
  }
}
