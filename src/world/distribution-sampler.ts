import { exponential, gamma, lognormal, type RandomSource } from '../rng/index.js';
import type { DeepReadonly, Distribution } from '../scenario/index.js';

/** Draws one value of a scenario distribution; each call uses the same number of doubles except gamma. */
export type DistributionSampler = (source: RandomSource) => number;

/**
 * Turns a validated scenario distribution into a sampler, once, so hot loops do not switch on
 * `dist` per draw. Constant draws nothing, the others one double (gamma: a variable number).
 */
export function distributionSampler(dist: DeepReadonly<Distribution>): DistributionSampler {
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
export function distributionMean(dist: DeepReadonly<Distribution>): number {
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
