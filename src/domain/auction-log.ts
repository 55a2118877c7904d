import type { BidRequest, NoBidReason } from './openrtb.js';

/** The version of the recorded-auction schema this bidlab writes and reads. */
export const LOG_SCHEMA_VERSION = 1;

/**
 * One recorded auction opportunity (schema version 1): what the exchange asked, what the logged
 * bidder decided, what the market answered and what was observed afterwards. The same object is
 * one NDJSON line, one Arrow row or one Kafka message. Times are unix seconds (fractions allowed);
 * prices are CPM in the request's currency; `null` means "not known", never zero.
 *
 * Outcomes exist only for impressions the logged bidder won: a replayed policy that wins an
 * impression the logged bidder lost meets an outcome nobody observed, and must say how it filled it.
 */
export interface AuctionLogRecord {
  readonly schemaVersion: typeof LOG_SCHEMA_VERSION;
  /** The opportunity's number in the recorded stream (unique within a log): the key of every counter-based draw a replay makes for it. */
  readonly opportunityId: number;
  /** When the auction took place. */
  readonly time: number;
  readonly request: BidRequest;
  readonly decision: LoggedDecision;
  readonly market: LoggedMarket;
  readonly outcomes: LoggedOutcomes;
}

/** What the logged bidder did. */
export interface LoggedDecision {
  readonly bid: boolean;
  /** The bid, CPM; null exactly when it did not bid. */
  readonly priceCpm: number | null;
  /** OpenRTB no-bid reason when it did not bid (null when it bid or gave none). */
  readonly nbr: NoBidReason | null;
  /**
   * The probability with which the logging policy took the logged action (this bid at this price,
   * or no bid), in (0, 1], when it randomised; null when it did not randomise or did not record it.
   * Off-policy estimates (IPS, self-normalised IPS, doubly robust) need it.
   */
  readonly propensity: number | null;
  /** The logging policy's name, when known. */
  readonly policy: string | null;
  /** The campaign the bid was for, when it bid. */
  readonly campaignId: string | null;
}

/** What the exchange told the logged bidder about the auction. */
export interface LoggedMarket {
  /** The floor in force, CPM (may differ from imp.bidfloor after currency or dynamic floors). */
  readonly floorCpm: number | null;
  /** What the winner paid, CPM: known when the logged bidder won, censored (null) when it lost unless the exchange reports it. */
  readonly clearingCpm: number | null;
  /** The lowest bid that would have won, CPM (OpenRTB 2.6 loss notification `min_bid_to_win`), when reported. */
  readonly minToWinCpm: number | null;
  /** Whether the logged bidder won (false when it did not bid). */
  readonly won: boolean;
  /** What the logged bidder paid, CPM; null exactly when it did not win. */
  readonly paidCpm: number | null;
}

/** What was observed after a won impression. */
export interface LoggedOutcomes {
  /** When the ad was clicked; null without a click (or without a win). */
  readonly clickTime: number | null;
  /** Postbacks the measurement partners sent, in the order received. */
  readonly postbacks: ReadonlyArray<LoggedPostback>;
}

/** One conversion a measurement partner reported for this impression. */
export interface LoggedPostback {
  readonly kind: 'install' | 'reengagement' | 'purchase';
  /** The partner's name (adjust, appsflyer, kochava, singular, or another). */
  readonly partner: string;
  /** The partner's event id: the dedupe key. */
  readonly eventId: string;
  /** Whether the partner credited the click or the view. */
  readonly attributed: 'click' | 'view';
  /** When the conversion happened. */
  readonly time: number;
  /** When the bidder received the postback (at or after `time`). */
  readonly receivedAt: number;
  /** Revenue the partner reported, in `currency` (0 for installs and re-engagements). */
  readonly revenue: number;
  /** ISO-4217 code. */
  readonly currency: string;
  /** The partner's own fields as sent, when kept. */
  readonly params?: Readonly<Record<string, string>>;
}

/** Where a record came from: the line of an NDJSON file, the row of an Arrow file, or a Kafka message. */
export type LogPosition =
  | { readonly kind: 'ndjson'; readonly path: string; readonly line: number }
  | { readonly kind: 'arrow'; readonly path: string; readonly row: number }
  | { readonly kind: 'kafka'; readonly topic: string; readonly partition: number; readonly offset: string };

/** A position as people read it: `log.ndjson:12`, `log.arrow row 12`, `kafka:topic/3@1234`. */
export function describePosition(position: LogPosition): string {
  switch (position.kind) {
    case 'ndjson': return `${position.path}:${position.line}`;
    case 'arrow': return `${position.path} row ${position.row}`;
    case 'kafka': return `kafka:${position.topic}/${position.partition}@${position.offset}`;
  }
}

/** Why a record was refused. */
export type BadRecordCode =
  | 'LOG_JSON' // not JSON, or a forbidden key (__proto__, constructor.prototype)
  | 'LOG_ENCODING' // not valid UTF-8
  | 'LOG_TOO_LONG' // longer than the reader's limit
  | 'LOG_SCHEMA_VERSION' // a schemaVersion this bidlab does not read
  | 'LOG_FIELD'; // a field missing, of the wrong type, out of range or inconsistent with another

/** A record as a reader found it. */
export interface LogRecordItem {
  readonly kind: 'record';
  readonly record: AuctionLogRecord;
  readonly position: LogPosition;
}

/** A record a reader refused: counted, dead-lettered and skipped by the replay rather than thrown. */
export interface BadLogRecord {
  readonly kind: 'bad';
  readonly position: LogPosition;
  readonly code: BadRecordCode;
  /** The offending field's path (`market.paidCpm`, `request.imp[0].id`), when one field is to blame. */
  readonly field: string | undefined;
  readonly reason: string;
  /** The record's text as read (an Arrow row re-encoded as JSON), cut to a readable length. */
  readonly raw: string;
}

export type LogItem = LogRecordItem | BadLogRecord;
