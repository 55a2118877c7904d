import { ModelFormatError } from './errors.js';
import type { FeatureInfo, LightgbmModel, LinearLeaves, TreeData } from './model-types.js';
import { ObjectiveParseError, parseObjective } from './objective.js';
import { parseModelInt, parsePreciseDouble } from './number-text.js';

interface Line { readonly text: string; readonly no: number }

/** Cursor over the file's lines; LightGBM accepts \n, \r\n and lone \r. */
class Lines {
  private readonly lines: string[];
  pos = 0;
  constructor(text: string) { this.lines = text.split(/\r\n|\n|\r/); }
  get done(): boolean { return this.pos >= this.lines.length; }
  peek(): Line | undefined { return this.done ? undefined : { text: this.lines[this.pos]!, no: this.pos + 1 }; }
  next(): Line | undefined { const l = this.peek(); this.pos++; return l; }
  get lastLine(): number { return this.lines.length; }
}

/**
 * Parses a LightGBM text model (v3/v4, as written by `save_model`) into the plain form prediction
 * needs. Every structural fact prediction relies on is checked here, so the evaluators can trust it:
 * array lengths, child indices forming a tree, feature indices, categorical bitset bounds.
 * @param source names the file in error messages.
 */
export function parseModel(text: string, source = 'model.txt'): LightgbmModel {
  const fail = (code: string, msg: string, line?: number, key?: string): never => {
    throw new ModelFormatError(code, msg, source, line, key);
  };
  const lines = new Lines(text);
  const header = readHeader(lines, fail);

  const num = (key: string, required = true): number | undefined => {
    const entry = header.get(key);
    if (!entry) return required ? fail('MODEL_MISSING_KEY', `the header has no '${key}'`, undefined, key) : undefined;
    const v = parseModelInt(entry.value);
    if (v === undefined) fail('MODEL_BAD_VALUE', `'${entry.value}' is not an integer`, entry.line, key);
    return v;
  };
  const version = header.get('version')?.value;
  if (version !== undefined && !['v2', 'v3', 'v4'].includes(version)) {
    fail('MODEL_UNSUPPORTED_VERSION', `version '${version}' is not supported (v2, v3, v4 are)`, header.get('version')!.line, 'version');
  }
  const numClass = num('num_class')!;
  if (numClass < 1) fail('MODEL_BAD_VALUE', 'num_class must be at least 1', header.get('num_class')!.line, 'num_class');
  const numTreePerIteration = num('num_tree_per_iteration', false) ?? numClass;
  if (numTreePerIteration < 1) fail('MODEL_BAD_VALUE', 'num_tree_per_iteration must be at least 1', header.get('num_tree_per_iteration')?.line, 'num_tree_per_iteration');
  num('label_index');
  const maxFeatureIdx = num('max_feature_idx')!;
  if (maxFeatureIdx < 0) fail('MODEL_BAD_VALUE', 'max_feature_idx must be ≥ 0', header.get('max_feature_idx')!.line, 'max_feature_idx');
  const numFeatures = maxFeatureIdx + 1;

  const namesEntry = header.get('feature_names') ?? fail('MODEL_MISSING_KEY', "the header has no 'feature_names'", undefined, 'feature_names');
  const featureNames = namesEntry.value.split(' ').filter((s) => s.length > 0);
  if (featureNames.length !== numFeatures) {
    fail('MODEL_BAD_VALUE', `${featureNames.length} feature names for ${numFeatures} features`, namesEntry.line, 'feature_names');
  }
  const infosEntry = header.get('feature_infos') ?? fail('MODEL_MISSING_KEY', "the header has no 'feature_infos'", undefined, 'feature_infos');
  const infoTexts = infosEntry.value.split(' ').filter((s) => s.length > 0);
  if (infoTexts.length !== numFeatures) {
    fail('MODEL_BAD_VALUE', `${infoTexts.length} feature infos for ${numFeatures} features`, infosEntry.line, 'feature_infos');
  }
  const featureInfos = infoTexts.map((t) => parseFeatureInfo(t) ?? fail('MODEL_BAD_VALUE', `cannot read feature info '${t}'`, infosEntry.line, 'feature_infos'));

  const objectiveEntry = header.get('objective');
  let objective;
  try {
    objective = parseObjective(objectiveEntry?.value, numClass);
  } catch (e) {
    if (e instanceof ObjectiveParseError) fail('MODEL_UNSUPPORTED_OBJECTIVE', e.message, objectiveEntry?.line, 'objective');
    throw e;
  }

  const trees: TreeData[] = [];
  for (;;) {
    const line = lines.peek();
    if (line === undefined) fail('MODEL_TRUNCATED', `the file ends before 'end of trees' (after ${trees.length} trees)`, lines.lastLine);
    if (line!.text === '') { lines.next(); continue; }
    if (line!.text.startsWith('Tree=')) {
      lines.next();
      const index = parseModelInt(line!.text.slice(5));
      if (index !== trees.length) fail('MODEL_BAD_TREE', `expected Tree=${trees.length}, found '${line!.text}'`, line!.no, 'Tree');
      trees.push(readTree(lines, line!.no, numFeatures, fail));
      continue;
    }
    if (line!.text === 'end of trees') { lines.next(); break; }
    fail('MODEL_BAD_TREE', `expected 'Tree=${trees.length}' or 'end of trees', found '${clip(line!.text)}'`, line!.no);
  }
  if (trees.length % numTreePerIteration !== 0) {
    fail('MODEL_BAD_TREE', `${trees.length} trees is not a multiple of ${numTreePerIteration} trees per iteration`);
  }
  const treeSizes = header.get('tree_sizes');
  if (treeSizes) {
    const count = treeSizes.value.split(' ').filter((s) => s.length > 0).length;
    if (count !== trees.length) fail('MODEL_TRUNCATED', `tree_sizes lists ${count} trees but ${trees.length} were found`, treeSizes.line, 'tree_sizes');
  }

  const trailer = readTrailer(lines, fail);
  return {
    source,
    version,
    numClass,
    numTreePerIteration,
    maxFeatureIdx,
    featureNames,
    featureInfos,
    objective,
    averageOutput: header.has('average_output'),
    trees,
    ...trailer,
  };
}

type Fail = (code: string, msg: string, line?: number, key?: string) => never;
interface Entry { readonly value: string; readonly line: number }

function clip(s: string): string { return s.length > 80 ? `${s.slice(0, 77)}...` : s; }

function readHeader(lines: Lines, fail: Fail): Map<string, Entry> {
  const first = lines.next();
  if (first === undefined || first.text.trim() !== 'tree') {
    fail('MODEL_NOT_LIGHTGBM', "this is not a LightGBM text model (the first line is not 'tree')", 1);
  }
  const header = new Map<string, Entry>();
  for (;;) {
    const line = lines.peek();
    if (line === undefined || line.text.startsWith('Tree=') || line.text === 'end of trees') return header;
    lines.next();
    if (line.text === '') continue;
    const eq = line.text.indexOf('=');
    if (eq < 0) { header.set(line.text, { value: '', line: line.no }); continue; }
    const key = line.text.slice(0, eq);
    const value = line.text.slice(eq + 1);
    // LightGBM refuses a second '=' except in these two keys, whose values may contain one.
    if (value.includes('=') && key !== 'feature_names' && key !== 'monotone_constraints') {
      fail('MODEL_BAD_LINE', `unexpected '=' in '${clip(line.text)}'`, line.no, key);
    }
    header.set(key, { value, line: line.no });
  }
}

function parseFeatureInfo(text: string): FeatureInfo | undefined {
  if (text === 'none') return { kind: 'unused' };
  if (text.startsWith('[') && text.endsWith(']')) {
    const [lo, hi] = text.slice(1, -1).split(':');
    const min = parsePreciseDouble(lo ?? '');
    const max = parsePreciseDouble(hi ?? '');
    return min === undefined || max === undefined ? undefined : { kind: 'numerical', min, max };
  }
  const values = text.split(':').map((v) => parseModelInt(v));
  return values.some((v) => v === undefined) ? undefined : { kind: 'categorical', values: values as number[] };
}

const TREE_ARRAY_KEYS = new Set([
  'split_feature', 'split_gain', 'threshold', 'decision_type', 'left_child', 'right_child',
  'leaf_value', 'leaf_weight', 'leaf_count', 'internal_value', 'internal_weight', 'internal_count',
  'cat_boundaries', 'cat_threshold', 'leaf_const', 'num_features', 'leaf_features', 'leaf_coeff',
]);

function readTree(lines: Lines, treeLine: number, numFeatures: number, fail: Fail): TreeData {
  const kv = new Map<string, Entry>();
  for (;;) {
    const line = lines.peek();
    if (line === undefined || line.text === '') break;
    if (line.text.startsWith('Tree=') || line.text === 'end of trees') break;
    lines.next();
    const eq = line.text.indexOf('=');
    if (eq < 0) fail('MODEL_BAD_LINE', `expected key=value in tree, found '${clip(line.text)}'`, line.no);
    kv.set(line.text.slice(0, eq), { value: line.text.slice(eq + 1), line: line.no });
  }
  const get = (key: string): Entry => kv.get(key) ?? fail('MODEL_MISSING_KEY', `tree has no '${key}'`, treeLine, key);
  const int = (key: string): number => {
    const e = get(key);
    return parseModelInt(e.value) ?? fail('MODEL_BAD_VALUE', `'${clip(e.value)}' is not an integer`, e.line, key);
  };
  const tokens = (key: string, n: number): string[] => {
    const e = get(key);
    const t = e.value.split(' ').filter((s) => s.length > 0);
    if (t.length !== n) fail(n > t.length ? 'MODEL_TRUNCATED' : 'MODEL_BAD_VALUE', `expected ${n} values, found ${t.length}`, e.line, key);
    return t;
  };
  const ints = (key: string, n: number): Int32Array => {
    const e = get(key);
    const out = new Int32Array(n);
    tokens(key, n).forEach((t, i) => {
      const v = parseModelInt(t);
      if (v === undefined || v !== (v | 0)) fail('MODEL_BAD_VALUE', `value ${i} '${t}' is not a 32-bit integer`, e.line, key);
      out[i] = v!;
    });
    return out;
  };
  const doubles = (key: string, n: number): Float64Array => {
    const e = get(key);
    const out = new Float64Array(n);
    tokens(key, n).forEach((t, i) => {
      const v = parsePreciseDouble(t);
      if (v === undefined) fail('MODEL_BAD_VALUE', `value ${i} '${clip(t)}' is not a number`, e.line, key);
      out[i] = v!;
    });
    return out;
  };
  for (const [key, e] of kv) {
    if (!TREE_ARRAY_KEYS.has(key) && !['num_leaves', 'num_cat', 'shrinkage', 'is_linear'].includes(key)) {
      fail('MODEL_BAD_LINE', `unknown tree key '${key}'`, e.line, key);
    }
  }

  const numLeaves = int('num_leaves');
  if (numLeaves < 1) fail('MODEL_BAD_VALUE', 'num_leaves must be at least 1', get('num_leaves').line, 'num_leaves');
  const numCat = int('num_cat');
  if (numCat < 0) fail('MODEL_BAD_VALUE', 'num_cat must be ≥ 0', get('num_cat').line, 'num_cat');
  const leafValue = doubles('leaf_value', numLeaves);
  const isLinear = kv.has('is_linear') ? int('is_linear') !== 0 : false;
  const n = numLeaves - 1;
  const empty = { splitFeature: new Int32Array(0), threshold: new Float64Array(0), decisionType: new Uint8Array(0), leftChild: new Int32Array(0), rightChild: new Int32Array(0) };
  const nodes = numLeaves > 1 ? {
    splitFeature: ints('split_feature', n),
    threshold: doubles('threshold', n),
    decisionType: kv.has('decision_type') ? Uint8Array.from(ints('decision_type', n)) : new Uint8Array(n),
    leftChild: ints('left_child', n),
    rightChild: ints('right_child', n),
  } : empty;

  for (let i = 0; i < n; i++) {
    const f = nodes.splitFeature[i]!;
    if (f < 0 || f >= numFeatures) fail('MODEL_BAD_VALUE', `node ${i} splits on feature ${f}, outside 0..${numFeatures - 1}`, get('split_feature').line, 'split_feature');
  }
  checkTreeShape(nodes.leftChild, nodes.rightChild, numLeaves, () => get('left_child').line, fail);

  let catBoundaries: Int32Array = new Int32Array(0);
  let catThreshold: Uint32Array = new Uint32Array(0);
  if (numCat > 0) {
    catBoundaries = ints('cat_boundaries', numCat + 1);
    const words = catBoundaries[numCat]!;
    for (let i = 0; i < numCat; i++) {
      if (catBoundaries[i]! > catBoundaries[i + 1]! || catBoundaries[0] !== 0) {
        fail('MODEL_BAD_VALUE', 'cat_boundaries must start at 0 and never decrease', get('cat_boundaries').line, 'cat_boundaries');
      }
    }
    const e = get('cat_threshold');
    catThreshold = new Uint32Array(words);
    tokens('cat_threshold', words).forEach((t, i) => {
      const v = parseModelInt(t);
      if (v === undefined || v < 0 || v > 0xffffffff) fail('MODEL_BAD_VALUE', `word ${i} '${t}' is not a uint32`, e.line, 'cat_threshold');
      catThreshold[i] = v!;
    });
  }
  for (let i = 0; i < n; i++) {
    if (nodes.decisionType[i]! & 1) {
      const t = nodes.threshold[i]!;
      if (!(Number.isInteger(t) && t >= 0 && t < numCat)) {
        fail('MODEL_BAD_VALUE', `categorical node ${i} points at bitset ${t}, but num_cat=${numCat}`, get('threshold').line, 'threshold');
      }
    }
  }

  let linear: LinearLeaves | undefined;
  if (isLinear) {
    const leafConst = kv.has('leaf_const') ? doubles('leaf_const', numLeaves) : new Float64Array(numLeaves);
    const counts = kv.has('num_features') ? ints('num_features', numLeaves) : new Int32Array(numLeaves);
    const total = counts.reduce((a, b) => a + b, 0);
    const allFeatures = total > 0 && kv.has('leaf_features') ? ints('leaf_features', total) : new Int32Array(total);
    const allCoeffs = total > 0 && kv.has('leaf_coeff') ? doubles('leaf_coeff', total) : new Float64Array(total);
    const features: Int32Array[] = [];
    const coeffs: Float64Array[] = [];
    let at = 0;
    for (let leaf = 0; leaf < numLeaves; leaf++) {
      const c = counts[leaf]!;
      if (c < 0) fail('MODEL_BAD_VALUE', `leaf ${leaf} has ${c} features`, get('num_features').line, 'num_features');
      features.push(allFeatures.slice(at, at + c));
      coeffs.push(allCoeffs.slice(at, at + c));
      at += c;
    }
    for (const fs of features) {
      for (const f of fs) {
        if (f < 0 || f >= numFeatures) fail('MODEL_BAD_VALUE', `linear leaf uses feature ${f}, outside 0..${numFeatures - 1}`, get('leaf_features').line, 'leaf_features');
      }
    }
    linear = { leafConst, features, coeffs };
  }

  return { numLeaves, numCat, ...nodes, leafValue, catBoundaries, catThreshold, linear, line: treeLine };
}

/**
 * Children must form one binary tree rooted at node 0 that reaches every node and leaf exactly once;
 * otherwise a traversal could loop forever or read outside the arrays.
 */
function checkTreeShape(left: Int32Array, right: Int32Array, numLeaves: number, line: () => number, fail: Fail): void {
  const n = numLeaves - 1;
  if (n === 0) return;
  const seenNode = new Uint8Array(n);
  const seenLeaf = new Uint8Array(numLeaves);
  const stack = [0];
  seenNode[0] = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of [left[node]!, right[node]!]) {
      if (child >= 0) {
        if (child >= n || seenNode[child]) fail('MODEL_BAD_TREE', `node ${node} has an invalid child ${child}`, line(), 'left_child');
        seenNode[child] = 1;
        stack.push(child);
      } else {
        const leaf = ~child;
        if (leaf >= numLeaves || seenLeaf[leaf]) fail('MODEL_BAD_TREE', `node ${node} has an invalid leaf child ${child}`, line(), 'left_child');
        seenLeaf[leaf] = 1;
      }
    }
  }
  if (seenNode.includes(0) || seenLeaf.includes(0)) fail('MODEL_BAD_TREE', 'some nodes or leaves are unreachable from the root', line(), 'left_child');
}

function readTrailer(lines: Lines, fail: Fail): Pick<LightgbmModel, 'parameters' | 'featureImportances' | 'pandasCategorical'> {
  const parameters = new Map<string, string>();
  const featureImportances = new Map<string, number>();
  let pandasCategorical: LightgbmModel['pandasCategorical'] = null;
  let block: 'none' | 'importances' | 'parameters' | 'parser' = 'none';
  for (let line = lines.next(); line !== undefined; line = lines.next()) {
    const t = line.text;
    if (t === 'feature_importances:') { block = 'importances'; continue; }
    if (t === 'parameters:') { block = 'parameters'; continue; }
    if (t === 'end of parameters') { block = 'none'; continue; }
    if (t === 'parser:') { block = 'parser'; continue; }
    if (t === 'end of parser') { block = 'none'; continue; }
    if (t.startsWith('pandas_categorical:')) {
      try {
        const parsed: unknown = JSON.parse(t.slice('pandas_categorical:'.length));
        if (parsed !== null && !(Array.isArray(parsed) && parsed.every((c) => Array.isArray(c)))) throw new Error('not a list of lists');
        pandasCategorical = parsed as LightgbmModel['pandasCategorical'];
      } catch (e) {
        fail('MODEL_BAD_VALUE', `pandas_categorical is not a JSON list of category lists (${(e as Error).message})`, line.no, 'pandas_categorical');
      }
      continue;
    }
    if (t === '') { if (block === 'importances') block = 'none'; continue; }
    if (block === 'importances') {
      const eq = t.lastIndexOf('=');
      if (eq > 0) featureImportances.set(t.slice(0, eq), Number(t.slice(eq + 1)));
    } else if (block === 'parameters') {
      const m = /^\[([^:]+): ?(.*)\]$/.exec(t);
      if (m) parameters.set(m[1]!, m[2]!);
    }
  }
  return { parameters, featureImportances, pandasCategorical };
}
