import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/model/index.js';
import { sampleRows } from '../../src/model/sample-rows.js';
import { parityFixtures } from '../helpers/parity-fixtures.js';

describe("'auto' evaluation strategy", () => {
  const fixtures = parityFixtures().filter((f) => ['categorical-bitset', 'multiclass', 'linear-tree', 'binary-zero-missing'].includes(f.name));

  it('covers the fixtures it needs', () => expect(fixtures).toHaveLength(4));

  for (const fx of fixtures) {
    it(`${fx.name}: alternating evaluators while measuring never changes an output bit`, async () => {
      const auto = await loadModelFile(fx.modelPath, { strategy: 'auto', blockRows: 64 });
      const fixed = await loadModelFile(fx.modelPath, { strategy: 'interpreter' });
      const X = sampleRows(auto.model, 64 * 40);
      const expected = fixed.predictRowMajor(X, 64 * 40, { raw: true });
      // 40 blocks of 64 rows: the chooser times both evaluators, block by block.
      const got = auto.predictRowMajor(X, 64 * 40, { raw: true });
      expect(got).toEqual(expected);
      const { nsPerRow } = auto.strategy;
      expect(Number.isNaN(nsPerRow.interpreter)).toBe(false);
      expect(Number.isNaN(nsPerRow.codegen)).toBe(false);
    });
  }

  it('a forced strategy is never changed', async () => {
    const p = await loadModelFile(fixtures[0]!.modelPath, { strategy: 'codegen', blockRows: 64 });
    p.predictRowMajor(sampleRows(p.model, 640), 640);
    expect(p.strategy).toMatchObject({ strategy: 'codegen', settled: true });
  });
});
