import type { AuctionLogRecord } from '../../domain/index.js';

/**
 * A record as JSON text, its fields in the schema's order whatever order the object was built in,
 * so the same record always gives the same bytes (an NDJSON line, a Kafka message value). Fields
 * outside the schema are dropped; the request keeps all of its own.
 */
export function encodeLogRecord(r: AuctionLogRecord): string {
  const { decision: d, market: m, outcomes: o } = r;
  return JSON.stringify({
    schemaVersion: r.schemaVersion,
    opportunityId: r.opportunityId,
    time: r.time,
    request: r.request,
    decision: { bid: d.bid, priceCpm: d.priceCpm, nbr: d.nbr, propensity: d.propensity, policy: d.policy, campaignId: d.campaignId },
    market: { floorCpm: m.floorCpm, clearingCpm: m.clearingCpm, minToWinCpm: m.minToWinCpm, won: m.won, paidCpm: m.paidCpm },
    outcomes: { clickTime: o.clickTime, postbacks: o.postbacks.map(postbackInOrder) },
  });
}

function postbackInOrder(p: AuctionLogRecord['outcomes']['postbacks'][number]) {
  return {
    kind: p.kind, partner: p.partner, eventId: p.eventId, attributed: p.attributed, time: p.time, receivedAt: p.receivedAt,
    revenue: p.revenue, currency: p.currency, ...(p.params === undefined ? {} : { params: p.params }),
  };
}
