import type { OpportunityTruth } from '../domain/index.js';
import { bernoulli, geometric, type Draws } from '../rng/index.js';
import { ResponsePurpose as P } from './response-purpose.js';
import type { ResponseModel } from './response-model.js';

/**
 * The whole causal chain of one impression shown to one user. Times are seconds after the
 * impression, never absolute: the chain cannot depend on when, or by whom, the impression was
 * bought. Absent steps have NaN times. The arrays have room for the model's maxPurchases; only the
 * first purchaseCount entries mean anything (the object is reused, see {@link drawResponse}).
 */
export interface UserResponse {
  opportunityId: number;
  clicked: boolean;
  /** Seconds from the impression to the click. */
  clickAt: number;
  reengaged: boolean;
  /** True when the app was opened through the click's deep link, false for a view-through open. */
  reengagedViaClick: boolean;
  /** Seconds from the impression to the app open. */
  reengageAt: number;
  /** USD the advertiser credits the re-engagement: valuePerConversion for a 're-engagement' campaign, else 0. */
  reengageValue: number;
  /** Seconds from the re-engagement to the partner's postback about it. */
  reengagePostbackDelay: number;
  purchaseCount: number;
  /** Seconds from the impression to each purchase, increasing. */
  purchaseAt: Float64Array;
  /** USD revenue of each purchase, rounded to cents. */
  purchaseValue: Float64Array;
  /** Seconds from each purchase to its postback. */
  purchasePostbackDelay: Float64Array;
}

/** An empty chain with room for `maxPurchases`, to pass to {@link drawResponse} again and again. */
export function emptyResponse(maxPurchases: number): UserResponse {
  return {
    opportunityId: -1,
    clicked: false,
    clickAt: NaN,
    reengaged: false,
    reengagedViaClick: false,
    reengageAt: NaN,
    reengageValue: 0,
    reengagePostbackDelay: NaN,
    purchaseCount: 0,
    purchaseAt: new Float64Array(maxPurchases),
    purchaseValue: new Float64Array(maxPurchases),
    purchasePostbackDelay: new Float64Array(maxPurchases),
  };
}

/**
 * Draws how the user behind `truth` responds to an impression of opportunity `opportunityId`,
 * from keyed draws (a cursor of the 'response' stream, re-seated here per decision), so every
 * policy that wins this opportunity sees the same chain, in any order or partition:
 *
 * 1. click with pClick, `clickDelay` after the impression;
 * 2. after a click, the deep link opens the app with pReengageGivenClick, `clickToReengage` later;
 *    a click that does not open the app ends the chain (no view-through after a click);
 * 3. without a click, a view-through open with pViewThrough, `viewToReengage` after the impression;
 * 4. after an open, a first purchase with pPurchaseGivenReengage; then each further one with
 *    probability repeatPurchase (geometric count, capped at maxPurchases), each `reengageToPurchase`
 *    after the previous event;
 * 5. a purchase is worth a draw of the campaign's purchaseValue × expectedPurchaseValue /
 *    (mean purchaseValue × E[count]) — constant expectedPurchaseValue / E[count] when the campaign
 *    names none — so E[revenue | re-engagement] = pPurchaseGivenReengage × expectedPurchaseValue
 *    exactly, the value the oracle and the competitors price with; the shape is the campaign's.
 *
 * Allocation-free when `out` is passed (the stage reuses one).
 */
export function drawResponse(
  truth: OpportunityTruth,
  opportunityId: number,
  model: ResponseModel,
  draws: Draws,
  out: UserResponse = emptyResponse(model.maxPurchases),
): UserResponse {
  out.opportunityId = opportunityId;
  out.clicked = bernoulli(draws.reset(opportunityId, P.click), truth.pClick);
  out.clickAt = out.clicked ? model.clickDelay(draws.reset(opportunityId, P.clickDelay)) : NaN;
  if (out.clicked) {
    out.reengaged = bernoulli(draws.reset(opportunityId, P.reengage), truth.pReengageGivenClick);
    out.reengagedViaClick = out.reengaged;
    out.reengageAt = out.reengaged ? out.clickAt + model.clickToReengage(draws.reset(opportunityId, P.reengageDelay)) : NaN;
  } else {
    out.reengaged = bernoulli(draws.reset(opportunityId, P.viewThrough), truth.pViewThrough);
    out.reengagedViaClick = false;
    out.reengageAt = out.reengaged ? model.viewToReengage(draws.reset(opportunityId, P.viewDelay)) : NaN;
  }
  out.purchaseCount = 0;
  if (!out.reengaged) {
    out.reengageValue = 0;
    out.reengagePostbackDelay = NaN;
    return out;
  }
  out.reengageValue = model.valuePerConversion;
  out.reengagePostbackDelay = model.postbackDelay(draws.reset(opportunityId, P.reengagePostback));
  const source = draws.reset(opportunityId, P.purchase);
  if (!bernoulli(source, truth.pPurchaseGivenReengage)) return out;
  const count = Math.min(model.maxPurchases, geometric(source, 1 - model.repeatPurchase));
  const perPurchase = truth.expectedPurchaseValue / model.meanPurchases;
  const scale = model.purchaseValue === undefined ? 0 : perPurchase / model.purchaseValueMean;
  let at = out.reengageAt;
  for (let i = 0; i < count; i++) {
    at += model.reengageToPurchase(draws.reset(opportunityId, (P.purchaseDelay + i) >>> 0));
    const value = model.purchaseValue === undefined
      ? perPurchase
      : model.purchaseValue(draws.reset(opportunityId, (P.purchaseValue + i) >>> 0)) * scale;
    out.purchaseAt[i] = at;
    out.purchaseValue[i] = Math.round(value * 100) / 100;
    out.purchasePostbackDelay[i] = model.postbackDelay(draws.reset(opportunityId, (P.purchasePostback + i) >>> 0));
  }
  out.purchaseCount = count;
  return out;
}
