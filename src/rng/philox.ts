/**
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC 2011),
 * bit for bit the `philox4x32` of Random123: a keyed bijection of a 128-bit counter, so any block of
 * any stream can be computed directly from (key, counter) without stepping through the ones before.
 *
 * This is the readable reference in plain 32-bit JavaScript. Draws use the WebAssembly build of the
 * same function when the runtime has WebAssembly (see philox-wasm.ts), because wasm has the
 * 32×32→64 multiply that JavaScript lacks; both pass the same known-answer tests.
 */

/** Computes one Philox block: four uint32s from a counter and a key, written to `out[at..at+3]`. */
export type PhiloxBlock = (
  c0: number, c1: number, c2: number, c3: number,
  k0: number, k1: number,
  out: Uint32Array, at: number,
) => void;

export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;

/**
 * High 32 bits of the 64-bit product of two uint32s, exactly, in int32 arithmetic: schoolbook
 * multiplication on 16-bit halves, where every partial sum stays below 2^32.
 */
export function mulhi32(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const mid = Math.imul(aH, bL) + (Math.imul(aL, bL) >>> 16);
  const cross = Math.imul(aL, bH) + (mid & 0xffff);
  return (Math.imul(aH, bH) + (mid >>> 16) + (cross >>> 16)) >>> 0;
}

/** Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1); arguments are taken modulo 2^32. */
export const philox4x32: PhiloxBlock = (c0, c1, c2, c3, k0, k1, out, at) => {
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi32(c0, PHILOX_M0);
    const hi1 = mulhi32(c2, PHILOX_M1);
    const lo0 = Math.imul(c0, PHILOX_M0);
    const lo1 = Math.imul(c2, PHILOX_M1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 = (k0 + PHILOX_W0) | 0;
    k1 = (k1 + PHILOX_W1) | 0;
  }
  out[at] = c0;
  out[at + 1] = c1;
  out[at + 2] = c2;
  out[at + 3] = c3;
};
