import { exponential, gamma, lognormal, type RandomSource } from '../rng/index.js';
import type { DeepReadonly, Distribution } from '../scenario/index.js';

/** Draws one value of a scenario distribution. */
export type Sampler = (source: RandomSource) => number;

/**
 * Turns a validated scenario distribution into a sampler, once, so the per-win path does not
 * switch on `dist`. (src/world has its own: the layout lets attribution import rng, sim, domain
 * and scenario, not world.)
 */
export function samplerFor(dist: DeepReadonly<Distribution>): Sampler {
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
export function meanOf(dist: DeepReadonly<Distribution>): number {
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
