import { describe, expect, it } from 'vitest';
import type { BidRequest } from '../../src/domain/index.js';
import { APP_CATEGORY_INDEX, IAB_BY_APP_CATEGORY } from '../../src/domain/index.js';
import { checkModelFeatures, FEATURE_NAMES, NUM_FEATURES, type UserProfile, writeFeatures } from '../../src/engine/index.js';

const request: BidRequest = {
  id: 'r1',
  imp: [{ id: '1', video: {}, instl: 1, rwdd: 1, bidfloor: 1.25 }],
  app: { bundle: 'com.example.game', cat: [IAB_BY_APP_CATEGORY.games] },
  device: { ifa: 'x', os: 'ios', geo: { country: 'DEU' } },
};
const profile: UserProfile = {
  key: 0,
  campaign: 0,
  sessions30d: 40, appOpensPerWeek: 2.5, inAppEvents30d: 12, installs90d: 5,
  installedCategories: 1 << APP_CATEGORY_INDEX.games, daysSinceLastOpen: 9, payer: 1, daysSinceLastPurchase: 30,
};

function features(p: UserProfile | undefined, time = 3 * 86_400 + 14.5 * 3600): Record<string, number> {
  const out = new Float64Array(NUM_FEATURES);
  writeFeatures(request, p, time, out, 0);
  return Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, out[i]!]));
}

describe('engine features', () => {
  it('reads the request and the profile into the five groups', () => {
    const f = features(profile);
    expect(f).toMatchObject({
      sessions_30d: 40, app_opens_per_week: 2.5, in_app_events_30d: 12, publisher_category: APP_CATEGORY_INDEX.games,
      installs_90d: 5, installed_publisher_category: 1, days_since_last_open: 9, days_since_last_purchase: 30, is_payer: 1,
      os: 1, ad_format: 2, hour_of_day: 14, bidfloor: 1.25,
    });
    expect(f.country).toBeGreaterThanOrEqual(0);
  });

  it('leaves what an unknown device would tell as missing', () => {
    const f = features(undefined);
    expect(f.sessions_30d).toBeNaN();
    expect(f.installed_publisher_category).toBeNaN();
    expect(f.publisher_category).toBe(APP_CATEGORY_INDEX.games);
  });

  it('refuses a model with other features, naming them', () => {
    expect(() => checkModelFeatures(FEATURE_NAMES, 'm.txt')).not.toThrow();
    expect(() => checkModelFeatures(['sessions_30d', 'shoe_size'], 'm.txt')).toThrow(/m\.txt: .*missing: app_opens_per_week.*unknown: shoe_size/);
    expect(() => checkModelFeatures([...FEATURE_NAMES].reverse(), 'm.txt')).toThrow(/another order/);
  });
});
