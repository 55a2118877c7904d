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
      const i = index.get(c);
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
      else if (typeof v === 'boolean') this.byText.set(v ? 'True' : 'False', i);
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
 * Which features are pandas categoricals: LightGBM's Python package records their indices as
 * `categorical_feature` in the parameters, in column order, and `pandas_categorical` holds one
 * category list per such column, in the same order.
 */
export function pandasCategoryCodes(model: LightgbmModel): ReadonlyMap<number, CategoryCodes> {
  const lists = model.pandasCategorical;
  const result = new Map<number, CategoryCodes>();
  if (!lists || lists.length === 0) return result;
  const indices = categoricalFeatureIndices(model);
  if (indices.length !== lists.length) {
    throw new PredictInputError('MODEL_PANDAS_CATEGORICAL_MISMATCH', `pandas_categorical has ${lists.length} category lists but the model has ${indices.length} categorical features`, model.source);
  }
  indices.forEach((f, i) => result.set(f, new CategoryCodes(lists[i]!)));
  return result;
}

function categoricalFeatureIndices(model: LightgbmModel): number[] {
  const param = model.parameters.get('categorical_feature');
  if (param !== undefined && param.trim() !== '') {
    return param.split(',').map((s) => Number(s.trim())).filter((i) => Number.isInteger(i)).sort((a, b) => a - b);
  }
  return model.featureInfos.flatMap((info, i) => (info.kind === 'categorical' ? [i] : []));
}
