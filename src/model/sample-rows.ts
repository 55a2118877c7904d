import type { LightgbmModel } from './model-types.js';

/**
 * Rows whose values sit around the model's own thresholds (with some NaN and zeros), so they walk
 * the trees roughly the way real rows do. A fixed linear congruential sequence keeps them
 * repeatable. Categorical features get codes from the model's feature_infos.
 */
export function sampleRows(model: LightgbmModel, numRows: number): Float64Array {
  const nf = model.maxFeatureIdx + 1;
  const perFeature: number[][] = Array.from({ length: nf }, () => []);
  for (const t of model.trees) {
    for (let i = 0; i < t.numLeaves - 1; i++) {
      if (!(t.decisionType[i]! & 1) && Number.isFinite(t.threshold[i]!)) perFeature[t.splitFeature[i]!]!.push(t.threshold[i]!);
    }
  }
  model.featureInfos.forEach((info, j) => { if (info.kind === 'categorical') perFeature[j] = [...info.values]; });
  let state = 0x2545f491;
  const next = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state / 4294967296; };
  const X = new Float64Array(numRows * nf);
  for (let r = 0; r < numRows; r++) {
    for (let j = 0; j < nf; j++) {
      const values = perFeature[j]!;
      const u = next();
      const categorical = model.featureInfos[j]!.kind === 'categorical';
      X[r * nf + j] = u < 0.05 ? NaN
        : u < 0.1 || values.length === 0 ? 0
        : values[Math.floor(next() * values.length)]! + (categorical ? 0 : (next() - 0.5) * 1e-3);
    }
  }
  return X;
}
