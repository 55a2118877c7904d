import { expect } from 'vitest';
import { SimError } from '../../src/sim/index.js';

/** Runs `action`, expects a SimError with `code`, and returns it for checks on its message. */
export function expectSimError(action: () => unknown, code: string): SimError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SimError);
  expect((caught as SimError).code).toBe(code);
  return caught as SimError;
}
