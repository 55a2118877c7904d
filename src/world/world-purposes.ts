/**
 * The purposes of keyed draws in the 'world' stream. A user's attributes are drawn at
 * (userIndex, purpose), an app's at (appIndex, purpose), so adding users or apps never changes
 * the earlier ones, and draws whose count varies (gamma, Poisson) get a seat of their own so they
 * cannot shift the others. Values are fixed forever: changing one reshuffles every world.
 */
export const WorldPurpose = {
  userFixed: 0,
  userActivity: 1,
  userSessions: 2,
  userEvents: 3,
  userCategories: 4,
  userIfa: 5,
  app: 16,
} as const;
