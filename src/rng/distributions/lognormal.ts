import type { RandomSource } from '../random-source.js';
import { normal } from './normal.js';

/** exp(N(mu, sigma²)): mu and sigma are the mean and sd of the logarithm. One double per draw. */
export function lognormal(source: RandomSource, mu: number, sigma: number): number {
  return Math.exp(normal(source, mu, sigma));
}
