import { z } from 'zod';

/**
 * Relative weights keyed by `key`: non-negative, normalised by their sum, so `{a: 3, b: 1}` and
 * `{a: 0.75, b: 0.25}` mean the same. Keys left out weigh 0; at least one weight must be above 0.
 */
export function weightsSchema<K extends z.core.$ZodType<PropertyKey>>(key: K) {
  return z
    .partialRecord(key, z.number().min(0).max(1e9))
    .refine((weights) => Object.values(weights).some((w) => typeof w === 'number' && w > 0), {
      message: 'expected at least one weight above 0',
      // A misspelt key is reported on its own; do not also call the remaining weights empty.
      when: (payload) => payload.issues.length === 0,
    });
}
