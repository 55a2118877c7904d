import { philoxHash } from './philox-hash.js';
import { RngError } from './rng-error.js';

const PURPOSE_DOMAIN = 0x70757270; // 'purp'

/**
 * A uint32 purpose for `Draws.reset(id, purpose)` from a readable name, so modules that draw for
 * the same id pick apart their draws without a shared registry of numbers. Compute it once, at
 * module load, not per draw.
 */
export function purposeId(name: string): number {
  if (typeof name !== 'string' || name.length === 0) {
    throw new RngError('RNG_BAD_NAME', `a purpose name must be a non-empty string, got ${JSON.stringify(name)}`, 'purposeId');
  }
  return philoxHash(new TextEncoder().encode(name), 0, 0, PURPOSE_DOMAIN)[0];
}
