import { describe, expect, it } from 'vitest';
import { NUM_FEATURES } from '../../src/engine/index.js';
import { loadModelFile } from '../../src/model/index.js';
import { RandomStreams } from '../../src/rng/index.js';
import { ModelScores } from '../../src/run/model-scores.js';

describe('ModelScores', () => {
  it('gives the predictor’s own bits whether it scores a batch ahead or each row on demand', async () => {
    const predictor = await loadModelFile('fixtures/models/champion-purchase/model.txt');
    const d = new RandomStreams(3).stream('test/model-scores').sequence();
    const rows = 64;
    const features = Float64Array.from({ length: rows * NUM_FEATURES }, (_, i) =>
      (d.nextDouble() < 0.1 ? NaN : i % NUM_FEATURES === 4 ? Math.floor(d.nextDouble() * 11) : d.nextDouble() * 40));
    const targeted = Uint8Array.from({ length: rows }, (_, k) => (k % 5 === 0 ? 0 : 1));
    const expected = Array.from({ length: rows }, (_, k) => predictor.predictOne(features, k * NUM_FEATURES));
    const scores = new ModelScores(predictor, NUM_FEATURES, rows);
    // The first batch knows no ask rate yet: rows are scored on demand. Asking every targeted
    // row makes the next batch go ahead; both must give the predictor's bits.
    for (let batch = 0; batch < 3; batch++) {
      scores.begin(features, targeted, rows);
      for (let k = 0; k < rows; k++) {
        scores.row = k;
        if (targeted[k] || batch === 2) expect(Object.is(scores.pConversion(), expected[k])).toBe(true);
      }
    }
    expect(expected.some((p, k) => p !== expected[(k + 1) % rows])).toBe(true);
  });
});
