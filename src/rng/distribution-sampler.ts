import { exponential } from './distributions/exponential.js';
import { gamma } from './distributions/gamma.js';
import { lognormal } from './distributions/lognormal.js';
import type { RandomSource } from './random-source.js';

/**
 * A distribution as scenario files describe one (src/scenario validates them); the shape is
 * restated here so rng keeps importing nothing. The world and attribution both sample these.
 */
export type DistributionSpec =
  | { readonly dist: 'constant'; readonly value: number }
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'exponential'; readonly mean: number }
  | { readonly dist: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly dist: 'gamma'; readonly mean: number; readonly shape: number };

/** Draws one value of a scenario distribution; each call uses the same number of doubles except gamma. */
export type DistributionSampler = (source: RandomSource) => number;

/**
 * Turns a validated scenario distribution into a sampler, once, so hot loops do not switch on
 * `dist` per draw. Constant draws nothing, the others one double (gamma: a variable number).
 */
export function distributionSampler(dist: DistributionSpec): DistributionSampler {
  switch (dist.dist) {
    case 'constant': {
      const { value } = dist;
      return () => value;
    }
    case 'uniform': {
      const { min, max } = dist;
      return (source) => min + (max - min) * source.nextDouble();
    }
    case 'exponential': {
      const rate = 1 / dist.mean;
      return (source) => exponential(source, rate);
    }
    case 'lognormal': {
      const mu = Math.log(dist.median);
      const { sigma } = dist;
      return (source) => lognormal(source, mu, sigma);
    }
    case 'gamma': {
      const { shape } = dist;
      const scale = dist.mean / shape;
      return (source) => gamma(source, shape, scale);
    }
  }
}

/** The mean of a scenario distribution. */
export function distributionMean(dist: DistributionSpec): number {
  switch (dist.dist) {
    case 'constant':
      return dist.value;
    case 'uniform':
      return (dist.min + dist.max) / 2;
    case 'exponential':
    case 'gamma':
      return dist.mean;
    case 'lognormal':
      return dist.median * Math.exp((dist.sigma * dist.sigma) / 2);
  }
}
