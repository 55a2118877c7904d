import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/model/index.js';
import { rowsReachingEveryLeaf } from '../../src/model/leaf-rows.js';

const ROOT = join(import.meta.dirname, '../..');
const MODELS = [
  ...readdirSync(join(ROOT, 'fixtures/models/parity'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `parity/${d.name}`),
  'champion', 'champion-purchase',
];

describe('rowsReachingEveryLeaf (the generated code’s warm-up rows)', () => {
  it.each(MODELS)('reaches the leaves of %s', async (name) => {
    const predictor = await loadModelFile(join(ROOT, 'fixtures/models', name, 'model.txt'));
    const forest = (predictor as unknown as { forest: Parameters<typeof rowsReachingEveryLeaf>[0] }).forest;
    const { rows, count } = rowsReachingEveryLeaf(forest, 0, forest.numTrees);
    const leaves = predictor.predictRowMajor(rows.subarray(0, count * forest.numFeatures), count, { leaf: true });
    const T = forest.numTrees;
    let reached = 0, total = 0;
    for (let t = 0; t < T; t++) {
      const seen = new Set<number>();
      for (let r = 0; r < count; r++) seen.add(leaves[r * T + t]!);
      reached += seen.size;
      total += forest.treeNumLeaves[t]!;
    }
    // The bundled models' leaves are all reached. The parity fixtures include leaves behind
    // thresholds no chosen value can separate (e.g. the predictor reads |x| ≤ 1e-35 as 0), which
    // a warm-up may miss: that costs a deopt later, never a wrong bit.
    if (name.startsWith('parity/')) expect(reached / total).toBeGreaterThan(0.85);
    else expect(reached).toBe(total);
  });
});
