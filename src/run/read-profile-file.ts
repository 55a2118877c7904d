import { APP_CATEGORIES } from '../domain/index.js';
import { PackedProfileStore, type ProfileValues } from '../engine/packed-profile-store.js';
import { BidlabError } from '../errors.js';
import { type Cell, openFeatureTable } from '../io/table/index.js';
import type { Scenario } from '../scenario/index.js';

/**
 * The columns of a profile file, in the order `bidlab generate --kind profiles` writes them. A
 * production export needs the same names (any order, extra columns ignored). Numbers may be
 * null where unknown (read as NaN, which the model handles as it learned to); ifa and campaign
 * may not.
 */
export const PROFILE_COLUMNS = [
  { name: 'ifa', type: 'string', doc: 'advertising id (GAID/IDFA), a UUID; letter case is ignored' },
  { name: 'campaign', type: 'string', doc: "id of the scenario campaign whose retargeting list holds the user" },
  { name: 'sessions_30d', type: 'float64', doc: 'sessions in any app over the last 30 days' },
  { name: 'app_opens_per_week', type: 'float64', doc: 'opens of the advertised app per week' },
  { name: 'in_app_events_30d', type: 'float64', doc: 'in-app events in the advertised app over the last 30 days' },
  { name: 'installs_90d', type: 'float64', doc: 'apps installed in the last 90 days' },
  { name: 'installed_categories', type: 'string', doc: "categories of those installs, '|'-separated (games|shopping); empty or null: none" },
  { name: 'days_since_last_open', type: 'float64', doc: 'days since the user last opened the advertised app' },
  { name: 'is_payer', type: 'bool', doc: 'whether the user ever purchased in the app (true/false or 1/0)' },
  { name: 'days_since_last_purchase', type: 'float64', doc: 'days since the last purchase; null for users who never purchased' },
] as const;

export class ProfileFileError extends BidlabError {
  constructor(message: string, where: string) { super('RUN_PROFILE_FILE', message, where); }
}

/** Rows collected before the store is sized (the reader does not know the row count up front). */
interface Rows { line: number[]; ifa: string[]; campaign: number[]; numbers: number[][]; categories: number[]; payer: number[] }

const CATEGORY_BIT = new Map<string, number>(APP_CATEGORIES.map((c, i) => [c, i]));

const NUMERIC = ['sessions_30d', 'app_opens_per_week', 'in_app_events_30d', 'installs_90d', 'days_since_last_open', 'days_since_last_purchase'] as const;

/**
 * Reads a profile file (Arrow IPC as `bidlab generate --kind profiles` writes it; CSV and NDJSON
 * with the same columns are read too) into a profile store for the campaigns of `scenario`.
 * Every row is checked before the store is built: a bad file fails whole, naming the file, the
 * row (1-based; the line for CSV and NDJSON) and the column. Users are keyed in file order.
 * @throws ProfileFileError RUN_PROFILE_FILE; TableError when the file cannot be read as a table.
 */
export async function readProfileFile(path: string, scenario: Scenario): Promise<PackedProfileStore> {
  const campaigns = new Map(scenario.campaigns.map((c, i) => [c.id, i]));
  const table = await openFeatureTable(path, { textColumns: new Set(['ifa', 'campaign', 'installed_categories', 'is_payer']) });
  const rows: Rows = { line: [], ifa: [], campaign: [], numbers: NUMERIC.map(() => []), categories: [], payer: [] };
  try {
    const names = table.columns;
    if (names === null) throw new ProfileFileError('expected named columns (records, a header row or an Arrow schema), got positional arrays', path);
    const missing = PROFILE_COLUMNS.filter((c) => !names.includes(c.name)).map((c) => c.name);
    if (missing.length) throw new ProfileFileError(`missing column(s) ${missing.join(', ')}; a profile file has ${PROFILE_COLUMNS.map((c) => c.name).join(', ')}`, path);
    const at = (name: string) => names.indexOf(name);
    const ifaAt = at('ifa'), campaignAt = at('campaign'), categoriesAt = at('installed_categories'), payerAt = at('is_payer');
    const numericAt = NUMERIC.map(at);
    for await (const batch of table.batches()) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        const where = `${path}:${batch.firstLine + r}`;
        rows.line.push(batch.firstLine + r);
        rows.ifa.push(text(cols[ifaAt]![r]!, 'ifa', where));
        const id = text(cols[campaignAt]![r]!, 'campaign', where);
        const campaign = campaigns.get(id);
        if (campaign === undefined) throw new ProfileFileError(`column "campaign": no campaign '${id}' in scenario ${scenario.name} (it has ${[...campaigns.keys()].join(', ')})`, where);
        rows.campaign.push(campaign);
        numericAt.forEach((c, k) => rows.numbers[k]!.push(quantity(cols[c]![r]!, NUMERIC[k]!, where)));
        rows.categories.push(categoryBits(cols[categoriesAt]![r]!, where));
        rows.payer.push(flag(cols[payerAt]![r]!, where));
      }
    }
  } finally {
    await table.close();
  }
  if (rows.ifa.length === 0) throw new ProfileFileError('no profiles: the file has no rows', path);
  return buildStore(rows, path);
}

function buildStore(rows: Rows, path: string): PackedProfileStore {
  const store = new PackedProfileStore(rows.ifa.length);
  const n = rows.numbers;
  for (let r = 0; r < rows.ifa.length; r++) {
    const ifa = rows.ifa[r]!;
    const where = `${path}:${rows.line[r]}`;
    const before = store.keyOf(ifa);
    if (before >= 0) throw new ProfileFileError(`column "ifa": ${ifa} appears twice (first at ${rows.line[before]})`, where);
    const values: ProfileValues = {
      campaign: rows.campaign[r]!,
      sessions30d: n[0]![r]!, appOpensPerWeek: n[1]![r]!, inAppEvents30d: n[2]![r]!, installs90d: n[3]![r]!,
      installedCategories: rows.categories[r]!, daysSinceLastOpen: n[4]![r]!, payer: rows.payer[r]!, daysSinceLastPurchase: n[5]![r]!,
    };
    if (store.add(ifa, values) < 0) throw new ProfileFileError(`column "ifa": expected an advertising id shaped like a UUID (8-4-4-4-12 hex digits), got ${JSON.stringify(ifa.slice(0, 60))}`, where);
  }
  return store;
}

function text(cell: Cell, column: string, where: string): string {
  if (typeof cell === 'string' && cell.length > 0) return cell;
  throw new ProfileFileError(`column "${column}": expected a non-empty string, got ${cell === null ? 'null' : JSON.stringify(cell)}`, where);
}

/** A count or a number of days: null is unknown (NaN); anything else must be a finite number ≥ 0. */
function quantity(cell: Cell, column: string, where: string): number {
  if (cell === null) return NaN;
  if (typeof cell === 'number' && cell >= 0 && Number.isFinite(cell)) return cell;
  throw new ProfileFileError(`column "${column}": expected a number ≥ 0 or null, got ${typeof cell === 'number' ? String(cell) : JSON.stringify(cell)}`, where);
}

function flag(cell: Cell, where: string): number {
  if (cell === null) return NaN;
  if (cell === 1 || cell === 0) return cell;
  if (cell === 'true' || cell === '1') return 1;
  if (cell === 'false' || cell === '0') return 0;
  throw new ProfileFileError(`column "is_payer": expected true/false or 1/0, got ${JSON.stringify(cell)}`, where);
}

function categoryBits(cell: Cell, where: string): number {
  if (cell === null || cell === '') return 0;
  if (typeof cell !== 'string') throw new ProfileFileError(`column "installed_categories": expected '|'-separated app categories, got ${JSON.stringify(cell)}`, where);
  let bits = 0;
  for (const name of cell.split('|')) {
    const i = CATEGORY_BIT.get(name);
    if (i === undefined) throw new ProfileFileError(`column "installed_categories": unknown app category '${name}' (known: ${APP_CATEGORIES.join(', ')})`, where);
    bits |= 1 << i;
  }
  return bits >>> 0;
}
