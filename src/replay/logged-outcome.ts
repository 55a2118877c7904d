import type { AuctionLogRecord } from '../domain/index.js';

/** What a logged impression returned towards a campaign's goal. */
export interface LoggedReturn {
  conversions: number;
  /** USD: purchase revenue, or the value per conversion of each re-engagement. */
  revenue: number;
}

/**
 * The goal conversions and their value that the measurement partners reported for a record's
 * won impression: re-engagement postbacks for a re-engagement goal (each worth the campaign's
 * value per conversion), purchase postbacks and their revenue for a purchase goal. A postback
 * repeated under the same event id counts once, as partners do resend. Zero when the logged
 * bidder did not win: nothing was observed.
 */
export function loggedReturn(record: AuctionLogRecord, goal: 're-engagement' | 'purchase', valuePerConversion: number, out: LoggedReturn): LoggedReturn {
  out.conversions = 0; out.revenue = 0;
  if (!record.market.won) return out;
  const kind = goal === 're-engagement' ? 'reengagement' : 'purchase';
  const seen = new Set<string>();
  for (const p of record.outcomes.postbacks) {
    if (p.kind !== kind || seen.has(p.eventId)) continue;
    seen.add(p.eventId);
    out.conversions++;
    out.revenue += goal === 'purchase' ? p.revenue : valuePerConversion;
  }
  return out;
}
