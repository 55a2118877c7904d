import type { SeedResult } from '../report/index.js';

/** Mean, smallest and largest value of a figure over seeds. */
export interface Spread {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export const SPREAD_FIGURES = ['spend', 'conversions', 'attributedRevenue', 'actualRoi'] as const;
export type SpreadFigure = (typeof SPREAD_FIGURES)[number];

/** One policy's spread over the seeds of a `--seeds N` comparison. */
export interface PolicySpread {
  readonly name: string;
  readonly seeds: number;
  readonly figures: Readonly<Record<SpreadFigure, Spread>>;
}

/**
 * The spread of each headline figure across seeds, per policy (in the first seed's order). NaN
 * values (an ROI without spend) are left out of a figure's spread; a figure that is NaN at every
 * seed reads NaN.
 */
export function seedSpread(perSeed: ReadonlyArray<SeedResult>): PolicySpread[] {
  const names = perSeed[0]?.policies.map((p) => p.name) ?? [];
  return names.map((name) => {
    const rows = perSeed.map((s) => s.policies.find((p) => p.name === name)).filter((p) => p !== undefined);
    const figures = Object.fromEntries(SPREAD_FIGURES.map((f) => {
      const xs = rows.map((r) => r[f]).filter((x) => x === x);
      return [f, xs.length === 0 ? { mean: NaN, min: NaN, max: NaN }
        : { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) }];
    })) as Record<SpreadFigure, Spread>;
    return { name, seeds: rows.length, figures };
  });
}
