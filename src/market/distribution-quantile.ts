import { normalQuantile } from '../rng/index.js';
import type { Distribution } from '../scenario/index.js';
import { normalCdf, normalUpperTail } from './normal-cdf.js';

type Dist = Readonly<Distribution>;

/**
 * The value of `dist` at standard-normal score `z`: the quantile F⁻¹(Φ(z)). Drawing through a
 * score (a Gaussian copula) is what lets a bidder's value lean towards the user's true worth
 * while keeping the configured marginal distribution. Exact for constant, uniform, exponential
 * and lognormal; gamma uses the Wilson–Hilferty cube approximation (good for shape ≥ 1, cruder
 * below, clipped at 0), since its exact quantile needs an iterative solver on the hot path.
 */
export function quantileAtScore(dist: Dist, z: number): number {
  switch (dist.dist) {
    case 'constant':
      return dist.value;
    case 'lognormal':
      return dist.median * Math.exp(dist.sigma * z);
    case 'uniform':
      return dist.min + (dist.max - dist.min) * normalCdf(z);
    case 'exponential':
      return -dist.mean * Math.log(normalUpperTail(z));
    case 'gamma':
      return wilsonHilferty(dist.mean, dist.shape, z);
  }
}

/** The quantile of `dist` at probability `u` in (0, 1): exact for every kind but gamma (as above). */
export function quantileAtUnit(dist: Dist, u: number): number {
  switch (dist.dist) {
    case 'constant':
      return dist.value;
    case 'lognormal':
      return dist.median * Math.exp(dist.sigma * normalQuantile(u));
    case 'uniform':
      return dist.min + (dist.max - dist.min) * u;
    case 'exponential':
      return -dist.mean * Math.log1p(-u);
    case 'gamma':
      return wilsonHilferty(dist.mean, dist.shape, normalQuantile(u));
  }
}

function wilsonHilferty(mean: number, shape: number, z: number): number {
  const a = 1 / (9 * shape);
  const c = 1 - a + z * Math.sqrt(a);
  return c > 0 ? mean * c * c * c : 0;
}
