import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/model/index.js';
import { bits, parityFixtures, readExpected, readRows, toOptions, ulpDistance } from '../helpers/parity-fixtures.js';

const fixtures = parityFixtures();

describe('LightGBM parity fixtures', () => {
  it('are present (regenerate with training/make_parity_fixtures.py)', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  for (const fx of fixtures) {
    describe(fx.name, () => {
      for (const strategy of ['interpreter', 'codegen'] as const) {
        it(`${strategy}: every case, every row, bit for bit`, async () => {
          const p = await loadModelFile(fx.modelPath, { strategy });
          const { data, numRows } = await readRows(p, fx.rowsPath);
          for (const c of fx.cases) {
            const expected = readExpected(join(fx.dir, c.file));
            expect(expected.length, `${c.name}: rows`).toBe(numRows);
            const got = p.predictRowMajor(data, numRows, toOptions(c));
            const width = p.outputWidth(toOptions(c));
            const mismatches: string[] = [];
            for (let r = 0; r < numRows; r++) {
              expect(expected[r]!.length, `${c.name} row ${r}: width`).toBe(width);
              for (let j = 0; j < width; j++) {
                const e = expected[r]![j]!, g = got[r * width + j]!;
                if (bits(e) !== bits(g)) mismatches.push(`row ${r}[${j}]: expected ${e}, got ${g}`);
              }
            }
            expect(mismatches.slice(0, 5), `${fx.name}/${c.name}: ${mismatches.length} mismatches`).toEqual([]);
          }
        });
      }

      it('fast math stays within 4 ULP of LightGBM', async () => {
        const p = await loadModelFile(fx.modelPath, { fastMath: true, strategy: 'interpreter' });
        const { data, numRows } = await readRows(p, fx.rowsPath);
        for (const c of fx.cases.filter((k) => !k.options.raw && !k.options.leaf)) {
          const expected = readExpected(join(fx.dir, c.file));
          const got = p.predictRowMajor(data, numRows, toOptions(c));
          const width = p.outputWidth(toOptions(c));
          let worst = 0;
          for (let r = 0; r < numRows; r++) {
            for (let j = 0; j < width; j++) worst = Math.max(worst, ulpDistance(expected[r]![j]!, got[r * width + j]!));
          }
          expect(worst, `${c.name}`).toBeLessThanOrEqual(4);
        }
      });
    });
  }
});
