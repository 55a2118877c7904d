import { parseJsonRefusingProto, validateLogRecord, type LogItem, type LogPosition } from '../../domain/index.js';
import { openFeatureTable, TableError, type Cell } from '../table/index.js';
import { ARROW_LOG_COLUMNS } from './arrow-log-columns.js';
import { keep } from './decode-log-record.js';
import { LogIoError } from './log-io-error.js';


/**
 * Streams an Arrow IPC log one record batch at a time (through the project's Arrow table reader,
 * which seeks batch by batch and never loads the file), yielding each row as a record with its
 * 1-based row number, or as a bad-record item when a cell is of the wrong kind or the row breaks
 * the schema's rules. A file without the log's columns is not a log and throws a LogIoError.
 * `fromRow` (1-based, default 1) starts there, passing over earlier rows without decoding them.
 */
export async function* readArrowLog(path: string, options: { readonly fromRow?: number } = {}): AsyncGenerator<LogItem> {
  const fromRow = options.fromRow ?? 1;
  let table;
  try {
    table = await openFeatureTable(path, { format: 'arrow' });
  } catch (error) {
    if (error instanceof TableError) throw new LogIoError(error.code.replace(/^TABLE_/, 'LOG_'), error.message.replace(`${error.where}: `, ''), error.where);
    throw error;
  }
  const index = new Map(table.columns!.map((name, i) => [name, i]));
  const missing = ARROW_LOG_COLUMNS.filter((c) => !index.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    await table.close();
    throw new LogIoError('LOG_ARROW_COLUMNS', `not a bidlab auction log: no column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, path);
  }
  const at = (name: string) => index.get(name)!;
  const c = {
    version: at('schema_version'), id: at('opportunity_id'), time: at('time'), request: at('request'),
    bid: at('bid'), price: at('price_cpm'), nbr: at('nbr'), propensity: at('propensity'), policy: at('policy'), campaign: at('campaign_id'),
    floor: at('floor_cpm'), clearing: at('clearing_cpm'), minToWin: at('min_to_win_cpm'), won: at('won'), paid: at('paid_cpm'),
    click: at('click_time'), postbacks: at('postbacks'),
  };
  try {
    for await (const batch of table.batches()) {
      const cols = batch.columns;
      for (let r = Math.max(0, fromRow - batch.firstLine); r < batch.numRows; r++) {
        const position: LogPosition = { kind: 'arrow', path, row: batch.firstLine + r };
        const cell = (i: number): Cell => cols[i]![r]!;
        const rawRow = () => keep(JSON.stringify(Object.fromEntries(table.columns!.map((name, i) => [name, cols[i]![r]]))));
        const request = json(cell(c.request));
        if (!request.ok) {
          yield { kind: 'bad', position, code: 'LOG_JSON', field: 'request', reason: request.reason, raw: rawRow() };
          continue;
        }
        const postbacks = json(cell(c.postbacks));
        if (!postbacks.ok) {
          yield { kind: 'bad', position, code: 'LOG_JSON', field: 'outcomes.postbacks (column postbacks)', reason: postbacks.reason, raw: rawRow() };
          continue;
        }
        const checked = validateLogRecord({
          schemaVersion: cell(c.version),
          opportunityId: cell(c.id),
          time: cell(c.time),
          request: request.value,
          decision: {
            bid: bool(cell(c.bid)), priceCpm: cell(c.price), nbr: cell(c.nbr), propensity: cell(c.propensity),
            policy: cell(c.policy), campaignId: cell(c.campaign),
          },
          market: { floorCpm: cell(c.floor), clearingCpm: cell(c.clearing), minToWinCpm: cell(c.minToWin), won: bool(cell(c.won)), paidCpm: cell(c.paid) },
          outcomes: { clickTime: cell(c.click), postbacks: postbacks.value },
        });
        if (checked.ok) yield { kind: 'record', record: checked.record, position };
        else yield { kind: 'bad', position, code: checked.code, field: arrowField(checked.field), reason: checked.reason, raw: rawRow() };
      }
    }
  } catch (error) {
    if (error instanceof TableError) throw new LogIoError(error.code.replace(/^TABLE_/, 'LOG_'), error.message.replace(`${error.where}: `, ''), error.where);
    throw error;
  } finally {
    await table.close();
  }
}

/** The table reader gives booleans as 1/0; anything else stays as it is for the schema to refuse. */
function bool(cell: Cell): unknown {
  return cell === 1 ? true : cell === 0 ? false : cell;
}

function json(cell: Cell): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof cell !== 'string') return { ok: false, reason: `expected JSON text, got ${cell === null ? 'null' : typeof cell}` };
  try {
    return { ok: true, value: parseJsonRefusingProto(cell) };
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
}

/** Field paths keep the record's names, with the column in brackets where they differ. */
function arrowField(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const column = COLUMN_OF[field];
  return column === undefined ? field : `${field} (column ${column})`;
}

const COLUMN_OF: Readonly<Record<string, string>> = {
  schemaVersion: 'schema_version', opportunityId: 'opportunity_id',
  'decision.bid': 'bid', 'decision.priceCpm': 'price_cpm', 'decision.nbr': 'nbr', 'decision.propensity': 'propensity',
  'decision.policy': 'policy', 'decision.campaignId': 'campaign_id',
  'market.floorCpm': 'floor_cpm', 'market.clearingCpm': 'clearing_cpm', 'market.minToWinCpm': 'min_to_win_cpm',
  'market.won': 'won', 'market.paidCpm': 'paid_cpm', 'outcomes.clickTime': 'click_time',
};
