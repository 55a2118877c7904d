import { RngError } from '../rng-error.js';

/** The error a distribution throws for a parameter outside its domain (kept out of the hot functions). */
export function badParameter(distribution: string, parameter: string, value: unknown, rule: string): RngError {
  return new RngError('RNG_BAD_PARAMETER', `${parameter} must be ${rule}, got ${String(value)}`, distribution);
}
