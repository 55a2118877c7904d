import type { BidRequest } from '../domain/index.js';
import { APP_CATEGORY_BY_IAB, APP_CATEGORY_INDEX, COUNTRY_CODES } from '../domain/index.js';
import { BidlabError } from '../errors.js';
import type { UserProfile } from './user-profile.js';

/**
 * The features the engine computes for a request, in model column order. Their names are the
 * contract with the models: training sets are exported with these names, and a model whose
 * feature names differ is refused at start (see checkModelFeatures).
 * Groups follow the case study: 1 activity in the last month, 2 app-open rate and in-app
 * activity, 3 app category and location, 4 recent installs, 5 recency of opens and purchases.
 */
export const FEATURES = [
  { name: 'sessions_30d', group: 1, categorical: false },
  { name: 'app_opens_per_week', group: 2, categorical: false },
  { name: 'in_app_events_30d', group: 2, categorical: false },
  { name: 'publisher_category', group: 3, categorical: true },
  { name: 'country', group: 3, categorical: true },
  { name: 'installs_90d', group: 4, categorical: false },
  { name: 'installed_publisher_category', group: 4, categorical: false },
  { name: 'days_since_last_open', group: 5, categorical: false },
  { name: 'days_since_last_purchase', group: 5, categorical: false },
  { name: 'is_payer', group: 5, categorical: false },
  { name: 'os', group: 0, categorical: false },
  { name: 'ad_format', group: 0, categorical: true },
  { name: 'hour_of_day', group: 0, categorical: false },
  { name: 'bidfloor', group: 0, categorical: false },
] as const;

export const FEATURE_NAMES: ReadonlyArray<string> = FEATURES.map((f) => f.name);
export const NUM_FEATURES = FEATURES.length;
export const CATEGORICAL_FEATURES: ReadonlyArray<number> = FEATURES.flatMap((f, i) => (f.categorical ? [i] : []));

/** `ad_format` codes. */
export const AD_FORMAT_CODES = { banner: 0, interstitial: 1, 'rewarded-video': 2, native: 3 } as const;

const COUNTRY_INDEX = new Map(COUNTRY_CODES.map((c, i) => [c, i]));

/**
 * Writes the features of one request into `out[offset .. offset + NUM_FEATURES)`. `profile` is
 * undefined when the store does not know the device; its features are then missing (NaN), which
 * LightGBM handles as it learned to. `timeSeconds` is the auction's time (simulated in a replay,
 * the wall clock behind HTTP), for the hour of day.
 */
export function writeFeatures(
  request: BidRequest, profile: UserProfile | undefined, timeSeconds: number, out: Float64Array, offset: number,
): void {
  const imp = request.imp[0];
  const category = publisherCategory(request);
  const p = profile;
  out[offset + 0] = p ? p.sessions30d : NaN;
  out[offset + 1] = p ? p.appOpensPerWeek : NaN;
  out[offset + 2] = p ? p.inAppEvents30d : NaN;
  out[offset + 3] = category;
  out[offset + 4] = COUNTRY_INDEX.get(request.device?.geo?.country ?? '') ?? NaN;
  out[offset + 5] = p ? p.installs90d : NaN;
  out[offset + 6] = p && category === category ? ((p.installedCategories >>> category) & 1) : NaN;
  out[offset + 7] = p ? p.daysSinceLastOpen : NaN;
  out[offset + 8] = p ? p.daysSinceLastPurchase : NaN;
  out[offset + 9] = p ? p.payer : NaN;
  const os = request.device?.os;
  out[offset + 10] = os === 'android' ? 0 : os === 'ios' ? 1 : NaN;
  out[offset + 11] = imp ? adFormat(imp) : NaN;
  out[offset + 12] = Math.floor((((timeSeconds % 86_400) + 86_400) % 86_400) / 3600);
  out[offset + 13] = imp?.bidfloor ?? 0;
}

function publisherCategory(request: BidRequest): number {
  const cats = request.app?.cat;
  if (!cats) return NaN;
  // An index loop: for-of made an iterator object per request.
  for (let i = 0; i < cats.length; i++) {
    const c = APP_CATEGORY_BY_IAB[cats[i]!];
    if (c !== undefined) return APP_CATEGORY_INDEX[c];
  }
  return NaN;
}

function adFormat(imp: NonNullable<BidRequest['imp'][0]>): number {
  if (imp.video && imp.rwdd === 1) return AD_FORMAT_CODES['rewarded-video'];
  if (imp.native) return AD_FORMAT_CODES.native;
  return imp.instl === 1 ? AD_FORMAT_CODES.interstitial : AD_FORMAT_CODES.banner;
}

/**
 * Refuses a model that does not read exactly the features the engine computes, in order: a
 * silent mismatch would feed every column to the wrong split.
 */
export function checkModelFeatures(modelNames: ReadonlyArray<string>, source: string): void {
  const same = modelNames.length === FEATURE_NAMES.length && modelNames.every((n, i) => n === FEATURE_NAMES[i]);
  if (!same) {
    const missing = FEATURE_NAMES.filter((n) => !modelNames.includes(n));
    const extra = modelNames.filter((n) => !FEATURE_NAMES.includes(n));
    throw new FeatureMismatchError(
      `the model's features do not match what the engine computes (${FEATURE_NAMES.join(', ')})`
        + (missing.length ? `; missing: ${missing.join(', ')}` : '')
        + (extra.length ? `; unknown: ${extra.join(', ')}` : '')
        + (!missing.length && !extra.length ? '; same names in another order' : ''),
      source,
    );
  }
}

export class FeatureMismatchError extends BidlabError {
  constructor(message: string, where: string) { super('ENGINE_FEATURE_MISMATCH', message, where); }
}
