import type { AppCategory } from '../scenario/index.js';

/**
 * Every store category, in a fixed order: a category's index is its bit in a user's
 * installed-categories mask. The order must never change (it would reshuffle the masks).
 */
export const APP_CATEGORIES = [
  'games', 'social', 'entertainment', 'utilities', 'music', 'news', 'shopping', 'photo-video', 'lifestyle',
  'health-fitness', 'travel', 'finance', 'food-drink', 'education', 'productivity', 'sports', 'navigation',
  'business', 'books', 'weather', 'dating',
] as const satisfies readonly AppCategory[];

export const APP_CATEGORY_INDEX: Readonly<Record<AppCategory, number>> = Object.freeze(
  Object.fromEntries(APP_CATEGORIES.map((c, i) => [c, i])) as Record<AppCategory, number>,
);

/**
 * The IAB content category (OpenRTB app.cat, IAB 1.0 taxonomy) a publisher app of each store
 * category sends: the nearest IAB code, chosen so that no two store categories share one, so
 * the engine can read the store category back with {@link APP_CATEGORY_BY_IAB}.
 */
export const IAB_BY_APP_CATEGORY: Readonly<Record<AppCategory, string>> = Object.freeze({
  games: 'IAB9-30', social: 'IAB14', entertainment: 'IAB1', utilities: 'IAB19', music: 'IAB1-6', news: 'IAB12',
  shopping: 'IAB22', 'photo-video': 'IAB9-23', lifestyle: 'IAB9', 'health-fitness': 'IAB7', travel: 'IAB20',
  finance: 'IAB13', 'food-drink': 'IAB8', education: 'IAB5', productivity: 'IAB19-18', sports: 'IAB17',
  navigation: 'IAB20-18', business: 'IAB3', books: 'IAB1-1', weather: 'IAB15-10', dating: 'IAB14-1',
});

export const APP_CATEGORY_BY_IAB: Readonly<Record<string, AppCategory>> = Object.freeze(
  Object.fromEntries(Object.entries(IAB_BY_APP_CATEGORY).map(([c, iab]) => [iab, c as AppCategory])),
);
