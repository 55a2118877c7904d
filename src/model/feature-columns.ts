import { PredictInputError } from './errors.js';
import type { LightgbmModel } from './model-types.js';

/** A table cell as input readers deliver it: a number, a text (e.g. a category name), or missing. */
export type InputCell = number | string | null;

/** Where each input column goes: a feature index, or nowhere (ignored). */
export interface ColumnPlan {
  /** Per input column: the model feature it feeds, or −1 when ignored. */
  readonly target: ReadonlyArray<number>;
  /** Model features no input column provides: they are missing (NaN) in every row. */
  readonly absent: ReadonlyArray<string>;
}

/**
 * Maps input columns to model features and converts cells to LightGBM's doubles. Category values of
 * pandas categorical features become their codes (index in the model's `pandas_categorical` list);
 * an unseen value becomes NaN, exactly as LightGBM's Python package does with a DataFrame.
 */
export class FeatureColumns {
  readonly plan: ColumnPlan;
  private readonly categories: ReadonlyMap<number, CategoryCodes>;

  /**
   * @param columns the input's column names, or null for positional input (must then match the model's width).
   * @param ignore names of input columns to drop (labels, ids).
   */
  constructor(private readonly model: LightgbmModel, columns: ReadonlyArray<string> | null, ignore: ReadonlySet<string> = new Set()) {
    this.categories = pandasCategoryCodes(model);
    const names = model.featureNames;
    if (columns === null) {
      this.plan = { target: names.map((_, i) => i), absent: [] };
      return;
    }
    const index = new Map(names.map((n, i) => [n, i]));
    const seen = new Set<number>();
    const target = columns.map((c) => {
      if (ignore.has(c)) return -1;
      // LightGBM saves a feature name's spaces as underscores; the user's table keeps the spaces.
      const i = index.get(c) ?? index.get(c.replaceAll(' ', '_'));
      if (i === undefined) {
        throw new PredictInputError('PREDICT_UNKNOWN_FEATURE', `column '${c}' is not a feature of the model (its features: ${clip(names)}); drop it or pass it to --ignore`);
      }
      if (seen.has(i)) throw new PredictInputError('PREDICT_DUPLICATE_COLUMN', `column '${c}' appears twice`);
      seen.add(i);
      return i;
    });
    const absent = names.filter((_, i) => !seen.has(i));
    this.plan = { target, absent };
  }

  /**
   * Features whose pandas categories are text: readers must hand their cells over unparsed, so a
   * category such as "007" is not read as the number 7. Known from the model alone, before any input.
   */
  static textFeatures(model: LightgbmModel): ReadonlySet<string> {
    const names = new Set<string>();
    for (const [f, codes] of pandasCategoryCodes(model)) if (codes.hasText) names.add(model.featureNames[f]!);
    return names;
  }

  /**
   * Writes rows [0, numRows) of column-major cells into `out` (row-major, numFeatures wide).
   * `where(row, column)` names the source position for error messages.
   */
  fill(columns: ReadonlyArray<ReadonlyArray<InputCell>>, numRows: number, out: Float64Array, where: (row: number, column: number) => string): void {
    const nf = this.model.maxFeatureIdx + 1;
    const { target } = this.plan;
    if (columns.length !== target.length) {
      throw new PredictInputError('PREDICT_BAD_WIDTH', `rows have ${columns.length} values, expected ${target.length}`, where(0, -1));
    }
    out.fill(NaN, 0, numRows * nf);
    for (let c = 0; c < columns.length; c++) {
      const f = target[c]!;
      if (f < 0) continue;
      const cells = columns[c]!;
      const codes = this.categories.get(f);
      for (let r = 0; r < numRows; r++) {
        const v = cells[r];
        let x: number;
        if (v === null || v === undefined) x = NaN;
        else if (codes) x = codes.code(v);
        else if (typeof v === 'number') x = v;
        else {
          throw new PredictInputError('PREDICT_NOT_A_NUMBER', `feature '${this.model.featureNames[f]}' holds '${String(v).slice(0, 40)}', which is not a number (nor is the feature a pandas categorical)`, where(r, c));
        }
        out[r * nf + f] = x;
      }
    }
  }
}

function clip(names: ReadonlyArray<string>): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')}, … ${names.length - 8} more`;
}

/** Category value → code for one pandas categorical feature. */
class CategoryCodes {
  private readonly byText = new Map<string, number>();
  private readonly byNumber = new Map<number, number>();
  readonly hasText: boolean;

  constructor(values: ReadonlyArray<string | number | boolean>) {
    values.forEach((v, i) => {
      if (typeof v === 'number') this.byNumber.set(v, i);
      else if (typeof v === 'boolean') {
        // pandas writes booleans as True/False; NDJSON and Arrow readers deliver them as 1/0.
        this.byText.set(v ? 'True' : 'False', i);
        if (!this.byNumber.has(v ? 1 : 0)) this.byNumber.set(v ? 1 : 0, i);
      }
      else this.byText.set(v, i);
    });
    this.hasText = this.byText.size > 0;
  }

  /** pandas' set_categories turns a value outside the list into NaN, and LightGBM then sees NaN. */
  code(v: number | string): number {
    if (typeof v === 'number') return this.byNumber.get(v) ?? this.byText.get(String(v)) ?? NaN;
    const direct = this.byText.get(v);
    if (direct !== undefined) return direct;
    const asNumber = v.trim() === '' ? NaN : Number(v);
    return this.byNumber.get(asNumber) ?? NaN;
  }
}

/**
 * Which features are pandas categoricals. LightGBM's Python package writes one category list per
 * pandas categorical column, in column order, into `pandas_categorical`, and records the unordered
 * ones (by default) as `categorical_feature`. Ordered categoricals are listed too but enter the
 * model as numerical codes, and an integer column can be named categorical beside them, so the
 * lists are matched to features by alignment: in order, each list to a feature whose values fit
 * its codes (categorical values below the list's length, or integer codes up to length−1), preferring the model's
 * categorical features. An alignment that is not unique is refused rather than guessed.
 */
export function pandasCategoryCodes(model: LightgbmModel): ReadonlyMap<number, CategoryCodes> {
  const lists = model.pandasCategorical;
  const result = new Map<number, CategoryCodes>();
  if (!lists || lists.length === 0) return result;
  const features = alignCategoryLists(model, lists.map((l) => l.length));
  features.forEach((f, i) => result.set(f, new CategoryCodes(lists[i]!)));
  return result;
}

function alignCategoryLists(model: LightgbmModel, sizes: ReadonlyArray<number>): number[] {
  const declared = new Set(categoricalFeatureIndices(model));
  const nf = model.featureInfos.length, L = sizes.length;
  const fits = (f: number, size: number): boolean => {
    const info = model.featureInfos[f]!;
    if (info.kind === 'unused') return true;
    if (info.kind === 'categorical') return info.values.every((v) => v < size);
    // Codes of an ordered categorical: integers from 0 up to the last category's code.
    return info.min >= 0 && info.max === size - 1 && Number.isInteger(info.min);
  };
  // Score of giving a list to a feature: declared categoricals first, then a feature whose largest
  // code is exactly the list's last (a categorical seen with codes 0..6 belongs to a 7-long list
  // more likely than to a 10-long one).
  const score = (f: number, size: number): number => {
    const info = model.featureInfos[f]!;
    const exact = info.kind === 'categorical' ? Math.max(...info.values) === size - 1 : info.kind === 'numerical';
    return (declared.has(f) ? 1000 : 0) + (exact ? 1 : 0);
  };
  // best[f][j]: the highest total score when lists j.. go to features f..;
  // ways[f][j]: how many alignments reach that best (capped at 2: we only need "unique or not").
  const best = Array.from({ length: nf + 1 }, () => new Array<number>(L + 1).fill(-Infinity));
  const ways = Array.from({ length: nf + 1 }, () => new Array<number>(L + 1).fill(0));
  for (let f = nf; f >= 0; f--) {
    best[f]![L] = 0;
    ways[f]![L] = 1;
    if (f === nf) continue;
    for (let j = L - 1; j >= 0; j--) {
      let b = best[f + 1]![j]!, w = ways[f + 1]![j]!;
      if (fits(f, sizes[j]!) && best[f + 1]![j + 1]! > -Infinity) {
        const take = best[f + 1]![j + 1]! + score(f, sizes[j]!);
        if (take > b) { b = take; w = ways[f + 1]![j + 1]!; } else if (take === b) w = Math.min(2, w + ways[f + 1]![j + 1]!);
      }
      best[f]![j] = b;
      ways[f]![j] = w;
    }
  }
  if (best[0]![0] === -Infinity || ways[0]![0] !== 1) {
    throw new PredictInputError('MODEL_PANDAS_CATEGORICAL_MISMATCH',
      `cannot tell which ${L} features the model's pandas_categorical lists belong to (${best[0]![0] === -Infinity ? 'no' : 'more than one'} way to match them to the features); predict from codes with LightGBM's own pandas conversion instead`, model.source);
  }
  const chosen: number[] = [];
  for (let f = 0, j = 0; j < L; f++) {
    // The alignment is unique, so at each step exactly one of "take f" and "skip f" reaches the best.
    if (fits(f, sizes[j]!) && best[f + 1]![j + 1]! > -Infinity && best[f + 1]![j + 1]! + score(f, sizes[j]!) === best[f]![j]) {
      chosen.push(f);
      j++;
    }
  }
  return chosen;
}

function categoricalFeatureIndices(model: LightgbmModel): number[] {
  const param = model.parameters.get('categorical_feature');
  if (param !== undefined && param.trim() !== '') {
    return param.split(',').map((s) => Number(s.trim())).filter((i) => Number.isInteger(i)).sort((a, b) => a - b);
  }
  return model.featureInfos.flatMap((info, i) => (info.kind === 'categorical' ? [i] : []));
}
