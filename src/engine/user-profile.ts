/**
 * What the profile store knows of a user (by advertising id): the raw inputs of the case study's
 * five feature groups. Unknown values are NaN.
 */
export interface UserProfile {
  /** The store's dense number for this user (0, 1, 2, …): keys per-user state such as frequency caps. */
  readonly key: number;
  /** The campaign whose retargeting list holds the user (index in the scenario's campaigns). */
  readonly campaign: number;
  /** Sessions in any app over the last 30 days (group 1: activity in the last month). */
  readonly sessions30d: number;
  /** Opens of the advertised app per week (group 2: app-open rate). */
  readonly appOpensPerWeek: number;
  /** In-app events in the advertised app over the last 30 days (group 2: in-app activity). */
  readonly inAppEvents30d: number;
  /** Apps installed in the last 90 days (group 4). */
  readonly installs90d: number;
  /** Bit i set: an app of APP_CATEGORIES[i] was among those installs (group 4). */
  readonly installedCategories: number;
  /** Days since the user last opened the advertised app (group 5). */
  readonly daysSinceLastOpen: number;
  /** 1 if the user ever purchased in the app, else 0. */
  readonly payer: number;
  /** Days since the last purchase (group 5); NaN for users who never purchased. */
  readonly daysSinceLastPurchase: number;
}

/** Where the engine looks users up. The embedded default is in memory; another store can replace it. */
export interface ProfileStore {
  get(ifa: string): UserProfile | undefined;
}
