import type { BidRequest } from './openrtb.js';

/**
 * One auction opportunity as it flows through the pipeline: an OpenRTB request at a simulated
 * time. `id` is its position in the stream and the key of every random draw that belongs to it
 * (competitor bids, user responses), so all policies see the same draws for it.
 */
export interface Opportunity {
  readonly id: number;
  /** Simulated seconds since the scenario's start. */
  readonly time: number;
  readonly request: BidRequest;
}

/**
 * What the synthetic world knows about an opportunity and never tells the engine: whose device
 * it is and how that user would respond. The oracle policy and the attribution stage read it;
 * replayed logs have none.
 */
export interface OpportunityTruth {
  /** Index of the user in the world's population. */
  readonly userIndex: number;
  /** Index of the campaign this user belongs to (the app being retargeted), or −1 for none. */
  readonly campaignIndex: number;
  /** P(click | impression) for this user, app slot and format. */
  readonly pClick: number;
  /** P(app opened through the ad's deep link | click). */
  readonly pReengageGivenClick: number;
  /** P(app opened within the view-through window | impression, no click). */
  readonly pViewThrough: number;
  /** P(at least one purchase | re-engagement). */
  readonly pPurchaseGivenReengage: number;
  /** Expected revenue of the purchases that follow a re-engagement, USD. */
  readonly expectedPurchaseValue: number;
}
