import type { OpportunityTruth } from '../domain/index.js';

/**
 * P(the campaign's goal | impression) by the world's truth, before attribution windows: an app
 * open through the click or by view-through, times a purchase for purchase goals. How the oracle
 * prices, and the ground truth training sets carry.
 */
export function trueConversionProbability(truth: OpportunityTruth, goal: 're-engagement' | 'purchase'): number {
  const reengage = truth.pClick * truth.pReengageGivenClick + (1 - truth.pClick) * truth.pViewThrough;
  return goal === 'purchase' ? reengage * truth.pPurchaseGivenReengage : reengage;
}
