import { fieldTypes, INDEX_KINDS, type IndexKindName } from '../io/elasticsearch/index.js';

/** One thing wrong in a bundle, located as precisely as the check can. */
export interface BundleProblem {
  readonly file: string;
  /** 1-based line of the object in its file. */
  readonly line: number;
  /** `<type> <id>` of the object, when the line is one. */
  readonly object?: string;
  /** The field (or reference, or column) at fault. */
  readonly field?: string;
  readonly message: string;
}

/** One NDJSON file of saved objects, as read from disk. */
export interface BundleFile {
  readonly path: string;
  readonly text: string;
}

const NUMERIC = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long']);

/** Which mapping types each Lens operation can work on. */
const OPERATION_TYPES: Record<string, (type: string) => boolean> = {
  sum: (t) => NUMERIC.has(t),
  avg: (t) => NUMERIC.has(t),
  min: (t) => NUMERIC.has(t),
  max: (t) => NUMERIC.has(t),
  median: (t) => NUMERIC.has(t),
  percentile: (t) => NUMERIC.has(t),
  standard_deviation: (t) => NUMERIC.has(t),
  range: (t) => NUMERIC.has(t),
  terms: (t) => t === 'keyword' || t === 'boolean',
  date_histogram: (t) => t === 'date',
  unique_count: (t) => t === 'keyword' || t === 'boolean' || t === 'date' || NUMERIC.has(t),
  last_value: (t) => t !== 'object' && t !== 'text',
  count: () => true,
};

const EXPECTED: Record<string, string> = {
  terms: 'keyword or boolean', date_histogram: 'date', unique_count: 'keyword, boolean, date or numeric', last_value: 'not text or object', count: 'any',
};

interface Located {
  readonly file: string;
  readonly line: number;
  readonly type: string;
  readonly id: string;
  readonly o: Record<string, unknown>;
}

/**
 * Checks a bundle of Kibana saved objects against itself and against bidlab's index templates:
 * every line parses as an object with type, id, attributes and references; ids are unique; every
 * reference resolves to an object in the bundle; each dashboard's panels and its references match
 * one to one; each data view's pattern names a bidlab index (under `prefix`) and its time field
 * is a date there; every Lens layer refers to a data view of the bundle, and every field its
 * columns, filters and query use exists in that index's mapping with a type the operation fits.
 * Returns every problem found, in file and line order (none: the bundle is sound).
 */
export function validateSavedObjects(files: ReadonlyArray<BundleFile>, prefix = 'bidlab-'): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const objects: Located[] = [];
  for (const f of files) {
    f.text.split('\n').forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === '') return;
      let o: unknown;
      try {
        o = JSON.parse(text);
      } catch (e) {
        problems.push({ file: f.path, line, message: `not JSON: ${(e as Error).message}` });
        return;
      }
      if (typeof o !== 'object' || o === null || Array.isArray(o)) {
        problems.push({ file: f.path, line, message: 'expected a saved object (a JSON object)' });
        return;
      }
      const r = o as Record<string, unknown>;
      // An export from Kibana ends with a summary line; it is not an object to import.
      if ('exportedCount' in r && !('type' in r)) return;
      const missing = (['type', 'id'] as const).filter((k) => typeof r[k] !== 'string' || r[k] === '');
      if (missing.length) {
        problems.push({ file: f.path, line, field: missing[0], message: `expected '${missing[0]}' to be a non-empty string` });
        return;
      }
      const at = { file: f.path, line, object: `${String(r['type'])} ${String(r['id'])}` };
      if (!isRecord(r['attributes'])) problems.push({ ...at, field: 'attributes', message: 'expected an object' });
      if (!Array.isArray(r['references'])) problems.push({ ...at, field: 'references', message: 'expected a list' });
      objects.push({ file: f.path, line, type: r['type'] as string, id: r['id'] as string, o: r });
    });
  }

  const byId = new Map<string, Located>();
  for (const x of objects) {
    const seen = byId.get(x.id);
    if (seen) problems.push({ ...where(x), field: 'id', message: `id already used by ${seen.type} ${seen.id} at ${seen.file}:${seen.line}` });
    else byId.set(x.id, x);
  }

  for (const x of objects) {
    for (const [i, ref] of references(x).entries()) {
      const target = byId.get(ref.id);
      if (!target || target.type !== ref.type) {
        problems.push({ ...where(x), field: `references[${i}] (${ref.name})`, message: `refers to ${ref.type} '${ref.id}', which is not in the bundle` });
      }
    }
    if (!isRecord(x.o['attributes'])) continue;
    if (x.type === 'dashboard') checkDashboard(x, problems);
    else if (x.type === 'index-pattern') checkDataView(x, prefix, problems);
    else if (x.type === 'lens') checkLens(x, byId, prefix, problems);
  }
  const order = new Map(files.map((f, i) => [f.path, i]));
  return problems.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line);
}

/** `file:line: type id: field: message`, one problem a line. */
export function formatProblem(p: BundleProblem): string {
  return `${p.file}:${p.line}: ${p.object ? `${p.object}: ` : ''}${p.field ? `${p.field}: ` : ''}${p.message}`;
}

function checkDashboard(x: Located, problems: BundleProblem[]): void {
  const attributes = x.o['attributes'] as Record<string, unknown>;
  let panels: unknown;
  try {
    panels = JSON.parse(String(attributes['panelsJSON']));
  } catch (e) {
    problems.push({ ...where(x), field: 'attributes.panelsJSON', message: `not JSON: ${(e as Error).message}` });
    return;
  }
  if (!Array.isArray(panels)) {
    problems.push({ ...where(x), field: 'attributes.panelsJSON', message: 'expected a list of panels' });
    return;
  }
  const refs = new Map(references(x).map((r) => [r.name, r]));
  const used = new Set<string>();
  panels.forEach((p: unknown, i) => {
    const panel = isRecord(p) ? p : {};
    const field = `panelsJSON[${i}]`;
    if (typeof panel['panelRefName'] !== 'string') {
      // A panel by value carries its own attributes and needs no reference.
      if (!isRecord(isRecord(panel['embeddableConfig']) ? (panel['embeddableConfig'] as Record<string, unknown>)['attributes'] : undefined)) {
        problems.push({ ...where(x), field, message: 'has neither a panelRefName nor attributes of its own' });
      }
      return;
    }
    const name = `${String(panel['panelIndex'])}:${panel['panelRefName']}`;
    const ref = refs.get(name) ?? refs.get(panel['panelRefName']);
    if (!ref) {
      problems.push({ ...where(x), field: `${field}.panelRefName`, message: `'${panel['panelRefName']}' (panel ${String(panel['panelIndex'])}) has no reference named '${name}'` });
      return;
    }
    used.add(ref.name);
    if (typeof panel['type'] === 'string' && panel['type'] !== ref.type) {
      problems.push({ ...where(x), field: `${field}.type`, message: `panel of type '${panel['type']}' refers to a ${ref.type}` });
    }
  });
  for (const r of refs.values()) {
    if (/(^|:)panel_/.test(r.name) && !used.has(r.name)) problems.push({ ...where(x), field: `references (${r.name})`, message: 'no panel uses this reference' });
  }
}

function checkDataView(x: Located, prefix: string, problems: BundleProblem[]): void {
  const attributes = x.o['attributes'] as Record<string, unknown>;
  const kind = kindOfPattern(attributes['title'], prefix);
  if (!kind) {
    problems.push({ ...where(x), field: 'attributes.title', message: `'${String(attributes['title'])}' is not the pattern of a bidlab index (${Object.values(INDEX_KINDS).map((k) => `${prefix}${k.name}*`).join(', ')})` });
    return;
  }
  const time = attributes['timeFieldName'];
  if (time !== undefined && time !== '') {
    const type = fieldTypes(kind).get(String(time));
    if (type !== 'date') problems.push({ ...where(x), field: 'attributes.timeFieldName', message: `'${String(time)}' ${type ? `is ${type}, not date,` : 'does not exist'} in ${prefix}${kind}` });
  }
}

function checkLens(x: Located, byId: Map<string, Located>, prefix: string, problems: BundleProblem[]): void {
  const state = (x.o['attributes'] as Record<string, unknown>)['state'];
  const layers = path(state, ['datasourceStates', 'formBased', 'layers']);
  if (!isRecord(layers) || Object.keys(layers).length === 0) {
    problems.push({ ...where(x), field: 'attributes.state.datasourceStates.formBased.layers', message: 'expected at least one form-based layer' });
    return;
  }
  const refs = new Map(references(x).map((r) => [r.name, r]));
  const kinds: IndexKindName[] = [];
  const allColumns = new Set<string>();
  for (const [layerId, layer] of Object.entries(layers)) {
    const at = `attributes.state.datasourceStates.formBased.layers.${layerId}`;
    const columns = isRecord(layer) && isRecord(layer['columns']) ? layer['columns'] as Record<string, unknown> : {};
    for (const columnId of Object.keys(columns)) allColumns.add(columnId);
    const ref = refs.get(`indexpattern-datasource-layer-${layerId}`);
    const view = ref ? byId.get(ref.id) : undefined;
    if (!ref) {
      problems.push({ ...where(x), field: at, message: `no reference named 'indexpattern-datasource-layer-${layerId}' to the layer's data view` });
      continue;
    }
    if (!view || view.type !== 'index-pattern') continue; // reported with the references
    const kind = kindOfPattern((view.o['attributes'] as Record<string, unknown> | undefined)?.['title'], prefix);
    if (!kind) continue; // reported with the data view
    kinds.push(kind);
    const types = fieldTypes(kind);
    const order = isRecord(layer) && Array.isArray(layer['columnOrder']) ? layer['columnOrder'] as unknown[] : [];
    for (const id of order) if (!(String(id) in columns)) problems.push({ ...where(x), field: `${at}.columnOrder`, message: `lists column '${String(id)}', which the layer does not have` });
    for (const [columnId, c] of Object.entries(columns)) {
      const column = isRecord(c) ? c : {};
      const field = `${at}.columns.${columnId}`;
      if (!order.includes(columnId)) problems.push({ ...where(x), field: `${at}.columnOrder`, message: `does not list column '${columnId}'` });
      const op = String(column['operationType']);
      const fits = OPERATION_TYPES[op];
      if (!fits) {
        problems.push({ ...where(x), field: `${field}.operationType`, message: `'${op}' is not an operation this check knows (${Object.keys(OPERATION_TYPES).join(', ')})` });
        continue;
      }
      const source = column['sourceField'];
      if (!(op === 'count' && (source === '___records___' || source === undefined))) {
        const type = types.get(String(source));
        if (!type) problems.push({ ...where(x), field: `${field}.sourceField`, message: `'${String(source)}' is not a field of ${prefix}${kind} (index-templates.ts)` });
        else if (!fits(type)) problems.push({ ...where(x), field: `${field}.sourceField`, message: `'${String(source)}' is ${type} in ${prefix}${kind}; ${op} needs ${EXPECTED[op] ?? 'a numeric field'}` });
      }
      const filter = path(column, ['filter', 'query']);
      if (typeof filter === 'string') checkQueryFields(x, `${field}.filter.query`, filter, types, `${prefix}${kind}`, problems);
    }
  }
  const query = path(state, ['query', 'query']);
  if (typeof query === 'string') {
    for (const kind of kinds) checkQueryFields(x, 'attributes.state.query.query', query, fieldTypes(kind), `${prefix}${kind}`, problems);
  }
  const viz = path(state, ['visualization']);
  for (const accessor of accessors(viz)) {
    if (!allColumns.has(accessor)) problems.push({ ...where(x), field: 'attributes.state.visualization', message: `shows column '${accessor}', which no layer has` });
  }
}

/** Fields named in a KQL query (`field : value`, `field >= n`), each checked against the mapping. */
function checkQueryFields(x: Located, field: string, kql: string, types: Map<string, string>, index: string, problems: BundleProblem[]): void {
  const unquoted = kql.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const m of unquoted.matchAll(/([A-Za-z_][\w.]*)\s*(?::|<=|>=|<|>)/g)) {
    if (!types.has(m[1]!)) problems.push({ ...where(x), field, message: `'${m[1]}' in the query is not a field of ${index}` });
  }
}

/** The column ids a Lens visualisation state shows (XY layers, metric, datatable). */
function accessors(viz: unknown): string[] {
  if (!isRecord(viz)) return [];
  const out: string[] = [];
  const take = (v: unknown) => { if (typeof v === 'string') out.push(v); };
  for (const k of ['metricAccessor', 'breakdownByAccessor', 'xAccessor', 'splitAccessor']) take(viz[k]);
  if (Array.isArray(viz['columns'])) for (const c of viz['columns']) take(isRecord(c) ? c['columnId'] : undefined);
  if (Array.isArray(viz['layers'])) {
    for (const l of viz['layers']) {
      if (!isRecord(l) || (l['layerType'] !== undefined && l['layerType'] !== 'data')) continue;
      take(l['xAccessor']);
      take(l['splitAccessor']);
      if (Array.isArray(l['accessors'])) l['accessors'].forEach(take);
    }
  }
  return out;
}

function kindOfPattern(title: unknown, prefix: string): IndexKindName | undefined {
  if (typeof title !== 'string' || !title.startsWith(prefix)) return undefined;
  const name = title.slice(prefix.length).replace(/\*$/, '');
  return (Object.keys(INDEX_KINDS) as IndexKindName[]).find((k) => INDEX_KINDS[k].name === name);
}

function references(x: Located): { name: string; type: string; id: string }[] {
  const refs = x.o['references'];
  if (!Array.isArray(refs)) return [];
  return refs.map((r) => (isRecord(r) ? { name: String(r['name']), type: String(r['type']), id: String(r['id']) } : { name: '?', type: '?', id: '?' }));
}

function where(x: Located): { file: string; line: number; object: string } {
  return { file: x.file, line: x.line, object: `${x.type} ${x.id}` };
}

function path(o: unknown, keys: string[]): unknown {
  let v = o;
  for (const k of keys) v = isRecord(v) ? v[k] : undefined;
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
