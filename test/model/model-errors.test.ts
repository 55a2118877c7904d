import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFormatError, PredictInputError, loadModelFile, loadModelText, parseModel } from '../../src/model/index.js';

const MODEL = join(import.meta.dirname, '../../fixtures/models/quickstart/model.txt');
const text = readFileSync(MODEL, 'utf8');
const lines = text.split('\n');
const lineOf = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix)) + 1;

function parseError(t: string): ModelFormatError {
  try {
    parseModel(t, 'm.txt');
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFormatError);
    return e as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError');
}

function replaceLine(prefix: string, replacement: string, occurrence = 0): string {
  let seen = -1;
  return lines.map((l) => (l.startsWith(prefix) && ++seen === occurrence ? replacement : l)).join('\n');
}

describe('model file errors name the line and key', () => {
  it('accepts the bundled model', () => {
    const m = parseModel(text);
    expect(m.trees.length).toBe(40);
    expect(m.objective.name).toBe('binary');
  });

  it('refuses a file that is not a LightGBM model', () => {
    expect(parseError('hello\nworld').code).toBe('MODEL_NOT_LIGHTGBM');
  });

  it('refuses a file truncated inside the trees', () => {
    const cut = text.slice(0, Math.floor(text.length / 2));
    const e = parseError(cut);
    expect(['MODEL_TRUNCATED', 'MODEL_MISSING_KEY']).toContain(e.code);
    expect(e.message).toMatch(/^m\.txt:\d+/);
  });

  it('refuses a file cut right after a tree (no end of trees)', () => {
    const cut = text.slice(0, text.indexOf('end of trees'));
    expect(parseError(cut).code).toBe('MODEL_TRUNCATED');
  });

  it('names the key of a short array', () => {
    const t = replaceLine('leaf_value=', 'leaf_value=0.1 0.2');
    const e = parseError(t);
    expect(e.code).toBe('MODEL_TRUNCATED');
    expect(e.key).toBe('leaf_value');
    expect(e.line).toBe(lineOf('leaf_value='));
  });

  it('names a value that is not a number', () => {
    const orig = lines[lineOf('threshold=') - 1]!;
    const t = replaceLine('threshold=', orig.replace(/ [^ ]+$/, ' 1.5x'));
    const e = parseError(t);
    expect(e.code).toBe('MODEL_BAD_VALUE');
    expect(e.key).toBe('threshold');
    expect(e.message).toContain("'1.5x'");
  });

  it('refuses a split on a feature the model does not have', () => {
    const orig = lines[lineOf('split_feature=') - 1]!;
    const e = parseError(replaceLine('split_feature=', orig.replace(/=\d+/, '=99')));
    expect(e.key).toBe('split_feature');
    expect(e.message).toContain('feature 99');
  });

  it('refuses children that do not form a tree (would loop forever)', () => {
    const orig = lines[lineOf('left_child=') - 1]!;
    const e = parseError(replaceLine('left_child=', orig.replace(/=-?\d+/, '=0')));
    expect(e.code).toBe('MODEL_BAD_TREE');
  });

  it('refuses an unknown objective', () => {
    const e = parseError(replaceLine('objective=', 'objective=telepathy'));
    expect(e.code).toBe('MODEL_UNSUPPORTED_OBJECTIVE');
    expect(e.line).toBe(lineOf('objective='));
  });

  it('refuses a binary objective without a positive sigmoid', () => {
    expect(parseError(replaceLine('objective=', 'objective=binary sigmoid:0')).code).toBe('MODEL_UNSUPPORTED_OBJECTIVE');
  });

  it('refuses a missing header key', () => {
    const e = parseError(lines.filter((l) => !l.startsWith('max_feature_idx=')).join('\n'));
    expect(e.code).toBe('MODEL_MISSING_KEY');
    expect(e.key).toBe('max_feature_idx');
  });

  it('refuses feature_names of the wrong length', () => {
    const e = parseError(replaceLine('feature_names=', 'feature_names=a b'));
    expect(e.key).toBe('feature_names');
  });

  it('refuses an unsupported version', () => {
    expect(parseError(replaceLine('version=', 'version=v9')).code).toBe('MODEL_UNSUPPORTED_VERSION');
  });

  it('refuses a categorical node pointing past its bitsets', () => {
    const i = lines.findIndex((l) => l.startsWith('decision_type=') && / (1|9|3|11)( |$)/.test(l.replace(/^decision_type=/, ' ')));
    const tree = lines.slice(0, i).filter((l) => l.startsWith('Tree=')).length - 1;
    const thresholdLine = lines.findIndex((l, j) => j > i - 20 && j < i + 20 && l.startsWith('threshold='));
    const dts = lines[i]!.slice('decision_type='.length).split(' ');
    const node = dts.findIndex((d) => (Number(d) & 1) === 1);
    const th = lines[thresholdLine]!.slice('threshold='.length).split(' ');
    th[node] = '57';
    const t = lines.map((l, j) => (j === thresholdLine ? `threshold=${th.join(' ')}` : l)).join('\n');
    const e = parseError(t);
    expect(e.key, `tree ${tree}`).toBe('threshold');
    expect(e.message).toContain('bitset 57');
  });

  it('reads CRLF files and files without tree_sizes the same', () => {
    const plain = loadModelText(text, { strategy: 'interpreter' });
    const crlf = loadModelText(lines.filter((l) => !l.startsWith('tree_sizes=')).join('\r\n'), { strategy: 'interpreter' });
    const row = [10, 0.4, 3, 20, 2, 1];
    expect(crlf.predictRow(row, { raw: true })).toEqual(plain.predictRow(row, { raw: true }));
  });

  it('names a missing file', async () => {
    await expect(loadModelFile('/nonexistent/model.txt')).rejects.toMatchObject({ code: 'MODEL_UNREADABLE' });
  });
});

describe('rows that do not fit the model', () => {
  const p = loadModelText(text, { strategy: 'interpreter' });

  it('refuses a row of the wrong width', () => {
    expect(() => p.predictRow([1, 2, 3])).toThrow(PredictInputError);
    expect(() => p.predictRow([1, 2, 3])).toThrow(/3 values, the model has 6 features/);
  });

  it('refuses an unknown feature name', () => {
    expect(() => p.predictRow({ sessions_30d: 3, shoe_size: 44 })).toThrow(/no feature named 'shoe_size'/);
  });

  it('treats absent names as missing', () => {
    const byName = p.predictRow({ sessions_30d: 3 });
    const explicit = p.predictRow([3, NaN, NaN, NaN, NaN, NaN]);
    expect(byName).toEqual(explicit);
  });

  it('takes columnar, row-major Float32 and plain arrays alike', () => {
    const rows = [[12, 0.5, 2.5, NaN, 3, 0], [4, 0.1, 10, 60, 0, 2]];
    const plain = p.predictRows(rows);
    const f32rows = rows.map((r) => Array.from(Float32Array.from(r)));
    expect(p.predictRowMajor(Float32Array.from(rows.flat()), 2)).toEqual(p.predictRows(f32rows));
    expect(p.predictColumns(rows[0]!.map((_, j) => Float64Array.from(rows.map((r) => r[j]!))))).toEqual(plain);
    expect(p.predictColumns(Object.fromEntries(p.featureNames.map((n, j) => [n, rows.map((r) => r[j]!)])))).toEqual(plain);
  });
});
