import { philox4x32 } from './philox.js';

/**
 * Hashes bytes to four uint32 words with Philox4x32-10 itself: each 8-byte block (little-endian,
 * zero-padded) is a counter, together with the byte length and a domain tag, encrypted under a
 * key that is the previous block's output. Used only to turn seeds and names into keys, where
 * speed does not matter and one primitive is easier to reproduce elsewhere than two.
 */
export function philoxHash(bytes: Uint8Array, k0: number, k1: number, domain: number): Uint32Array {
  const out = new Uint32Array(4);
  const blocks = Math.max(1, Math.ceil(bytes.length / 8));
  for (let b = 0; b < blocks; b++) {
    philox4x32(wordAt(bytes, 8 * b), wordAt(bytes, 8 * b + 4), bytes.length, domain, k0, k1, out, 0);
    k0 = out[0];
    k1 = out[1];
  }
  return out;
}

function wordAt(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0;
}
