import { UserTotals } from '../../src/metrics/index.js';
import { bernoulli, exponential, gamma, poisson, RandomStreams } from '../../src/rng/index.js';

/**
 * A small synthetic population with a known truth, for the bootstrap's tests. Each user is active
 * with probability `active`; an active user gets Poisson(impressionsPerUser) impressions bought
 * by the champion, each priced Exp(mean meanPrice) and converting with the user's own probability
 * p_u ~ Gamma(0.5, 2 · meanP) (mean meanP, strongly varying between users, so a user's
 * impressions are correlated). The challenger buys a subset of the same impressions: each
 * converting one with probability keepConverting, each other one with keepOther. A conversion is
 * worth `value`. Expectations then follow in closed form (see `truth`).
 */
export interface WorldParams {
  users: number;
  active: number;
  impressionsPerUser: number;
  meanPrice: number;
  meanP: number;
  keepConverting: number;
  keepOther: number;
  value: number;
}

export const WORLD: WorldParams = {
  users: 2000, active: 0.35, impressionsPerUser: 6, meanPrice: 0.004, meanP: 0.05, keepConverting: 0.9, keepOther: 0.6, value: 0.5,
};

export function simulateWorld(w: WorldParams, seed: number): UserTotals {
  const d = new RandomStreams(seed).stream('world').sequence();
  const totals = new UserTotals(['champion', 'challenger'], w.users);
  for (let u = 0; u < w.users; u++) {
    if (!bernoulli(d, w.active)) continue;
    const pu = Math.min(1, gamma(d, 0.5, 2 * w.meanP));
    const n = poisson(d, w.impressionsPerUser);
    for (let i = 0; i < n; i++) {
      const price = exponential(d, 1 / w.meanPrice);
      const converts = bernoulli(d, pu);
      totals.recordWin(0, u, price, 0);
      if (converts) totals.recordConversion(0, u, 1, w.value);
      if (bernoulli(d, converts ? w.keepConverting : w.keepOther)) {
        totals.recordWin(1, u, price, 0);
        if (converts) totals.recordConversion(1, u, 1, w.value);
      }
    }
  }
  return totals;
}

/** The population expectations the bootstrap's intervals should cover. */
export function truth(w: WorldParams) {
  // p_u is capped at 1; with Gamma(0.5, 0.04) the mass above 1 is below 1e-10, so the mean stays meanP.
  const perUser = w.users * w.active * w.impressionsPerUser;
  const keep = w.meanP * w.keepConverting + (1 - w.meanP) * w.keepOther;
  const champion = { spend: perUser * w.meanPrice, conversions: perUser * w.meanP };
  const challenger = { spend: champion.spend * keep, conversions: champion.conversions * w.keepConverting };
  const roi = (s: { spend: number; conversions: number }) => (s.conversions * w.value) / s.spend - 1;
  const cpa = (s: { spend: number; conversions: number }) => s.spend / s.conversions;
  return {
    championRoi: roi(champion),
    roiDifference: roi(challenger) - roi(champion),
    spendDifference: challenger.spend - champion.spend,
    conversionsChange: w.keepConverting - 1,
    cpaDifference: cpa(challenger) - cpa(champion),
  };
}
