import { purposeId } from '../rng/index.js';

/**
 * Purposes of the keyed draws in the 'response' stream, all at (opportunityId, purpose). Every
 * decision and every delay has a seat of its own, so a draw that is skipped (no click, so no click
 * delay) or that uses a variable number of doubles (gamma) never shifts another: the same
 * opportunity gives the same chain whatever the policy, the order or the partition. Purchase i
 * and its postback sit at base + i. The names are fixed forever: renaming one reshuffles every run.
 */
export const ResponsePurpose = {
  click: purposeId('response/click'),
  clickDelay: purposeId('response/click-delay'),
  reengage: purposeId('response/reengage'),
  reengageDelay: purposeId('response/reengage-delay'),
  viewThrough: purposeId('response/view-through'),
  viewDelay: purposeId('response/view-delay'),
  purchase: purposeId('response/purchase'),
  purchaseDelay: purposeId('response/purchase-delay'),
  purchaseValue: purposeId('response/purchase-value'),
  reengagePostback: purposeId('response/reengage-postback'),
  purchasePostback: purposeId('response/purchase-postback'),
} as const;
