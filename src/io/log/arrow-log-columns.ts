import type { ArrowCell, ArrowColumn } from '../arrow/index.js';
import type { AuctionLogRecord } from '../../domain/index.js';

/**
 * The Arrow layout of a log: the flat decision, market and outcome fields as typed columns (what
 * pandas users filter and sum), the nested request and the postback list as JSON text. Column
 * names are snake_case, as pandas users expect; ids and times are float64 (exact up to 2^53).
 */
export const ARROW_LOG_COLUMNS: ReadonlyArray<ArrowColumn> = [
  { name: 'schema_version', type: 'int32' },
  { name: 'opportunity_id', type: 'float64' },
  { name: 'time', type: 'float64' },
  { name: 'request', type: 'string' },
  { name: 'bid', type: 'bool' },
  { name: 'price_cpm', type: 'float64' },
  { name: 'nbr', type: 'int32' },
  { name: 'propensity', type: 'float64' },
  { name: 'policy', type: 'string' },
  { name: 'campaign_id', type: 'string' },
  { name: 'floor_cpm', type: 'float64' },
  { name: 'clearing_cpm', type: 'float64' },
  { name: 'min_to_win_cpm', type: 'float64' },
  { name: 'won', type: 'bool' },
  { name: 'paid_cpm', type: 'float64' },
  { name: 'click_time', type: 'float64' },
  { name: 'postbacks', type: 'string' },
];

/** One record as an Arrow row, in `ARROW_LOG_COLUMNS` order. */
export function arrowLogRow(r: AuctionLogRecord): ArrowCell[] {
  const { decision: d, market: m, outcomes: o } = r;
  return [
    r.schemaVersion, r.opportunityId, r.time, JSON.stringify(r.request),
    d.bid, d.priceCpm, d.nbr, d.propensity, d.policy, d.campaignId,
    m.floorCpm, m.clearingCpm, m.minToWinCpm, m.won, m.paidCpm,
    o.clickTime, JSON.stringify(o.postbacks),
  ];
}
