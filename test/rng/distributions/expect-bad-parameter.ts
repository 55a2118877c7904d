import { expect } from 'vitest';
import { RngError } from '../../../src/rng/index.js';

export function expectBadParameter(action: () => unknown): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RngError);
  expect((caught as RngError).code).toBe('RNG_BAD_PARAMETER');
}
