import { APP_CATEGORIES, COUNTRY_CODES } from '../domain/index.js';

/** The dimensions results are broken down by, in SegmentCodes order. */
export const SEGMENT_DIMENSIONS = ['appCategory', 'country', 'os', 'recency', 'activity'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

/**
 * Days since the last purchase, by lower bound: 'never' (no purchase: NaN or negative),
 * '0-6d' [0, 7), '7-29d' [7, 30), '30-89d' [30, 90), '90d+' [90, ∞). The cuts follow how
 * retargeting lists are usually cut: last week, last month, last quarter, lapsed.
 */
export const RECENCY_BOUNDS = [0, 7, 30, 90] as const;
/**
 * Sessions in any app over the last 30 days, by lower bound: '0-9' [0, 10), '10-29' [10, 30),
 * '30-59' [30, 60), '60-119' [60, 120), '120+' [120, ∞); 'unknown' for NaN. The world's mean is
 * 45 sessions a month, so the middle buckets hold the typical user and the ends the light and
 * heavy ones.
 */
export const ACTIVITY_BOUNDS = [0, 10, 30, 60, 120] as const;

/**
 * Each dimension's bucket labels by code. The last label of appCategory, country, os and activity
 * is 'unknown' (the request or profile did not say). appCategory is the publisher app's category
 * (where the ad is shown), by APP_CATEGORIES index; country by COUNTRY_CODES index; os 0 android,
 * 1 ios — the codes the engine's features use.
 */
export const SEGMENT_LABELS: Readonly<Record<SegmentDimension, readonly string[]>> = {
  appCategory: [...APP_CATEGORIES, 'unknown'],
  country: [...COUNTRY_CODES, 'unknown'],
  os: ['android', 'ios', 'unknown'],
  recency: ['never', '0-6d', '7-29d', '30-89d', '90d+'],
  activity: ['0-9', '10-29', '30-59', '60-119', '120+', 'unknown'],
};

/** One opportunity's bucket codes, one per dimension in SEGMENT_DIMENSIONS order (reuse one array). */
export type SegmentCodes = Int32Array;

/** A SegmentCodes array to fill with writeSegmentCodes. */
export function segmentCodes(): SegmentCodes {
  return new Int32Array(SEGMENT_DIMENSIONS.length);
}

/**
 * Fills `out` from the raw values as the engine's features hold them (NaN where unknown):
 * publisher category and country indices, os code, days since the last purchase, sessions in 30 days.
 */
export function writeSegmentCodes(
  out: SegmentCodes, appCategory: number, country: number, os: number, daysSinceLastPurchase: number, sessions30d: number,
): SegmentCodes {
  out[0] = indexOr(appCategory, SEGMENT_LABELS.appCategory.length - 1);
  out[1] = indexOr(country, SEGMENT_LABELS.country.length - 1);
  out[2] = indexOr(os, 2);
  out[3] = recencyBucket(daysSinceLastPurchase);
  out[4] = activityBucket(sessions30d);
  return out;
}

/** The recency code of RECENCY_BOUNDS: 0 'never', then 1 … 4. */
export function recencyBucket(daysSinceLastPurchase: number): number {
  if (!(daysSinceLastPurchase >= 0)) return 0;
  return 1 + bucketOf(daysSinceLastPurchase, RECENCY_BOUNDS);
}

/** The activity code of ACTIVITY_BOUNDS: 0 … 4, or 5 'unknown'. */
export function activityBucket(sessions30d: number): number {
  if (!(sessions30d >= 0)) return ACTIVITY_BOUNDS.length;
  return bucketOf(sessions30d, ACTIVITY_BOUNDS);
}

function bucketOf(x: number, bounds: readonly number[]): number {
  let i = 0;
  while (i + 1 < bounds.length && x >= bounds[i + 1]!) i++;
  return i;
}

/** A valid index below `unknown`, else `unknown`. */
function indexOr(code: number, unknown: number): number {
  return Number.isInteger(code) && code >= 0 && code < unknown ? code : unknown;
}
