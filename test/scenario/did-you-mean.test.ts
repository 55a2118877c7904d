import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/scenario/did-you-mean.js';

describe('didYouMean', () => {
  it('measures edit distance', () => {
    expect([editDistance('', 'abc'), editDistance('kitten', 'sitting'), editDistance('same', 'same')]).toEqual([3, 3, 0]);
  });

  it.each([
    ['dailyBudgett', 'dailyBudget', ['dailyBudget', 'roiTarget']],
    ['daily_budget', 'dailyBudget', ['dailyBudget', 'roiTarget']],
    ['budget', 'dailyBudget', ['dailyBudget', 'roiTarget']],
    ['gaming', 'games', ['games', 'dating', 'travel']],
    ['US', 'USA', ['USA', 'UKR']],
    ['UK', 'GBR', ['GBR', 'UKR']],
    ['de', 'DEU', ['DEU', 'DNK']],
    ['reengagement', 're-engagement', ['re-engagement', 'purchase']],
    ['reengage', 're-engagement', ['re-engagement', 'purchase']],
    ['colour', undefined, ['startDate', 'days', 'formats']],
    ['x', undefined, ['y', 'z']],
  ])('%s → %s among %j', (input, expected, candidates) => {
    expect(didYouMean(input, candidates)).toBe(expected);
  });
});
