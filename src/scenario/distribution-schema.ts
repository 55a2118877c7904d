import { z } from 'zod';

const positive = z.number().positive();

/**
 * A probability distribution over non-negative quantities (prices, delays, counts). The unit is
 * the one the field names: `...Seconds`, `...Cpm` (USD per thousand impressions), `...Usd`.
 */
export const distributionSchema = z
  .discriminatedUnion('dist', [
    z.strictObject({
      dist: z.literal('constant').describe('Always the same value.'),
      value: z.number().min(0).describe('The one value every draw returns.'),
    }),
    z
      .strictObject({
        dist: z.literal('uniform').describe('Uniform between min and max.'),
        min: z.number().min(0).describe('Smallest value.'),
        max: z.number().min(0).describe('Largest value (at least min).'),
      })
      .refine((d) => d.max >= d.min, { message: 'expected max >= min', path: ['max'] }),
    z.strictObject({
      dist: z.literal('exponential').describe('Exponential with the given mean.'),
      mean: positive.describe('Mean (1 / rate).'),
    }),
    z.strictObject({
      dist: z.literal('lognormal').describe('Log-normal by median and sigma.'),
      median: positive.describe('Median, exp(mu): half the draws fall below it.'),
      sigma: z.number().min(0).max(5).describe('Standard deviation of the log; 0.5 is tight, 1.5 is very skewed.'),
    }),
    z.strictObject({
      dist: z.literal('gamma').describe('Gamma by mean and shape.'),
      mean: positive.describe('Mean, shape × scale.'),
      shape: positive.describe('Shape k; below 1 most draws are small with a long tail, large k is nearly normal.'),
    }),
  ])
  .meta({
    id: 'Distribution',
    title: 'Distribution',
    description:
      "A distribution, chosen by 'dist': constant {value}, uniform {min, max}, exponential {mean}, " +
      'lognormal {median, sigma} or gamma {mean, shape}. Units are those of the field it belongs to.',
  });

export type Distribution = z.output<typeof distributionSchema>;
