import { APP_CATEGORY_INDEX, COUNTRY_CODES, NoBidReason, type BidRequest } from '../domain/index.js';
import type { CampaignConfig, DeepReadonly, PricingConfig } from '../scenario/index.js';
import { DailyPacer } from './daily-pacer.js';
import { AD_FORMAT_CODES } from './features.js';
import { FrequencyCap } from './frequency-cap.js';
import { BELOW_FLOOR, bidCpm, NO_VALUE } from './pricing.js';
import type { UserProfile } from './user-profile.js';

export type NoBidCause = 'unmatched-user' | 'not-targeted' | 'frequency-cap' | 'budget' | 'pacing' | 'below-floor' | 'no-value';

/** The OpenRTB no-bid reason sent for each cause (0 where OpenRTB has no closer code). */
export const NBR_FOR_CAUSE: Readonly<Record<NoBidCause, NoBidReason>> = {
  'unmatched-user': NoBidReason.UnmatchedUser,
  'not-targeted': NoBidReason.Unknown,
  'frequency-cap': NoBidReason.DailyUserCap,
  budget: NoBidReason.Unknown,
  pacing: NoBidReason.Unknown,
  'below-floor': NoBidReason.Unknown,
  'no-value': NoBidReason.Unknown,
};

/** One decision, reused between calls: copy what you keep. */
export interface Decision {
  bid: boolean;
  cpm: number;
  /** The campaign bid for (index in the scenario), or −1. */
  campaign: number;
  /** P(conversion | impression) the price was based on (NaN for blind pricing). */
  pConversion: number;
  /** USD the policy expects the impression to return: pConversion × value per conversion. */
  expectedValue: number;
  cause: NoBidCause | undefined;
  nbr: NoBidReason | undefined;
}

/**
 * Where a bidder gets P(conversion | impression) from: a model, the oracle's truth. Asked only
 * once targeting, the frequency cap and pacing let the bidder bid, so a request the policy
 * cannot buy costs no model evaluation, as in a production engine.
 */
export interface ConversionEstimate {
  pConversion(): number;
  /**
   * USD one conversion of this impression's user is worth, where the source knows better than
   * the campaign's average (the oracle knows each user's expected purchase value). Absent: the
   * campaign's value per conversion.
   */
  valuePerConversion?(): number;
}

export interface CampaignTargeting {
  readonly countries: ReadonlySet<number> | undefined;
  readonly categories: ReadonlySet<number> | undefined;
  readonly formats: ReadonlySet<number> | undefined;
  readonly lapsedMin: number;
  readonly lapsedMax: number;
}

/** A campaign as the bidder needs it: value, ROI target, budget, targeting, cap. */
export interface BidderCampaign {
  readonly id: string;
  readonly valuePerConversion: number;
  readonly roiTarget: number;
  readonly dailyBudget: number;
  readonly targeting: CampaignTargeting;
  readonly capImpressions: number;
  readonly capHours: number;
}

export function bidderCampaign(c: DeepReadonly<CampaignConfig>, valuePerConversion: number): BidderCampaign {
  const countryIndex = new Map(COUNTRY_CODES.map((code, i) => [code, i]));
  const t = c.targeting;
  return {
    id: c.id,
    valuePerConversion,
    roiTarget: c.roiTarget,
    dailyBudget: c.dailyBudget,
    targeting: {
      countries: t.countries ? new Set(t.countries.map((x) => countryIndex.get(x)!)) : undefined,
      categories: t.appCategories ? new Set(t.appCategories.map((x) => APP_CATEGORY_INDEX[x])) : undefined,
      formats: t.formats ? new Set(t.formats.map((x) => AD_FORMAT_CODES[x])) : undefined,
      lapsedMin: t.lapsedDays.min,
      lapsedMax: t.lapsedDays.max,
    },
    capImpressions: c.frequencyCap.impressions,
    capHours: c.frequencyCap.perHours,
  };
}

/** Feature columns the targeting reads (see FEATURES). */
const COL_CATEGORY = 3, COL_COUNTRY = 4, COL_LAPSED = 7, COL_FORMAT = 11;

/**
 * One policy's bidding engine: targeting, frequency cap, pacing, pricing, bid or no-bid. It
 * knows nothing of where the request came from; the caller passes the request, the user's
 * profile (if the store knows the device), the time, the features already computed, and the
 * probability to price with (a model's prediction, the oracle's truth, or NaN for blind rules).
 */
export class Bidder {
  private readonly pacers: DailyPacer[];
  private readonly caps: FrequencyCap[];
  private readonly decision: Decision = { bid: false, cpm: 0, campaign: -1, pConversion: NaN, expectedValue: 0, cause: undefined, nbr: undefined };

  constructor(
    readonly name: string,
    private readonly pricing: DeepReadonly<PricingConfig>,
    pacing: 'even' | 'asap',
    private readonly campaigns: ReadonlyArray<BidderCampaign>,
    hourlyWeights: ReadonlyArray<number>,
  ) {
    this.pacers = campaigns.map((c) => new DailyPacer({ dailyBudget: c.dailyBudget, mode: pacing, hourlyWeights }));
    this.caps = campaigns.map((c) => new FrequencyCap(c.capImpressions, c.capHours));
  }

  /**
   * Bid or no-bid on one request. `estimate` gives P(conversion) for pricing: a number, or a
   * source asked only when the request gets as far as pricing (`Decision.pConversion` is NaN
   * when it was not asked). Blind pricing rules never ask.
   */
  decide(request: BidRequest, profile: UserProfile | undefined, time: number, features: Float64Array, offset: number, estimate: number | ConversionEstimate): Decision {
    const d = this.decision;
    d.bid = false; d.cpm = 0; d.pConversion = NaN; d.expectedValue = 0; d.cause = undefined; d.nbr = undefined;
    d.campaign = profile ? profile.campaign : -1;
    if (!profile || d.campaign < 0) return this.noBid('unmatched-user');
    const c = this.campaigns[d.campaign]!;
    if (!this.targets(profile, features, offset)) return this.noBid('not-targeted');
    if (!this.caps[d.campaign]!.allows(profile.key, time)) return this.noBid('frequency-cap');
    const pace = this.pacers[d.campaign]!.check(time);
    if (pace) return this.noBid(pace);
    const floor = request.imp[0]?.bidfloor ?? 0;
    const pConversion = this.pricing.rule !== 'expected-value' ? NaN : typeof estimate === 'number' ? estimate : estimate.pConversion();
    d.pConversion = pConversion;
    const value = typeof estimate === 'object' && estimate.valuePerConversion ? estimate.valuePerConversion() : c.valuePerConversion;
    const cpm = bidCpm(this.pricing as PricingConfig, pConversion, value, c.roiTarget, floor);
    if (cpm === NO_VALUE) return this.noBid('no-value');
    if (cpm === BELOW_FLOOR) return this.noBid('below-floor');
    d.bid = true;
    d.cpm = cpm;
    d.expectedValue = pConversion === pConversion ? pConversion * value : 0;
    return d;
  }

  /**
   * Whether the user's campaign targets this request (countries, publisher categories, formats,
   * lapsed days). It reads no state, so a caller may ask before deciding, e.g. to score only
   * the requests a model's price can matter for.
   */
  targets(profile: UserProfile, features: Float64Array, offset: number): boolean {
    const c = this.campaigns[profile.campaign];
    if (!c) return false;
    const t = c.targeting;
    const lapsed = features[offset + COL_LAPSED]!;
    return !((t.countries && !t.countries.has(features[offset + COL_COUNTRY]!))
      || (t.categories && !t.categories.has(features[offset + COL_CATEGORY]!))
      || (t.formats && !t.formats.has(features[offset + COL_FORMAT]!))
      || !(lapsed >= t.lapsedMin && lapsed <= t.lapsedMax));
  }

  /**
   * Touches the per-user state a decision on `profile`'s user reads (the frequency-cap row), so
   * that it is in cache when {@link decide} comes: see FrequencyCap.prefetch. Changes nothing.
   */
  prefetch(profile: UserProfile): void {
    this.caps[profile.campaign]?.prefetch(profile.key);
  }

  /**
   * Everything a decision depends on besides the request: each campaign's day and spend, and its
   * frequency-cap rows. A replay checkpoints it and restores it to go on exactly where it stopped.
   */
  snapshot(): { readonly pacers: number[]; readonly caps: Float64Array[] } {
    return { pacers: this.pacers.flatMap((p) => p.state()), caps: this.caps.map((c) => c.state()) };
  }

  restore(snapshot: { readonly pacers: ReadonlyArray<number>; readonly caps: ReadonlyArray<Float64Array> }): void {
    this.pacers.forEach((p, i) => p.restore([snapshot.pacers[2 * i]!, snapshot.pacers[2 * i + 1]!]));
    this.caps.forEach((c, i) => c.restore(snapshot.caps[i]!));
  }

  /** Books a won impression: spend against the day's budget, one impression against the cap. */
  recordWin(campaign: number, userKey: number, time: number, paidUsd: number): void {
    this.pacers[campaign]!.record(time, paidUsd);
    this.caps[campaign]!.record(userKey, time);
  }

  private noBid(cause: NoBidCause): Decision {
    const d = this.decision;
    d.bid = false;
    d.cause = cause;
    d.nbr = NBR_FOR_CAUSE[cause];
    return d;
  }
}
