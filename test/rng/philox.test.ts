import { describe, expect, it } from 'vitest';
import { createWasmPhilox, mulhi32, philox4x32, type PhiloxBlock } from '../../src/rng/index.js';

const hex = (words: ArrayLike<number>) => Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join(' ');
const parse = (line: string) => line.trim().split(/\s+/).map((w) => Number.parseInt(w, 16));

/**
 * Random123's known-answer vectors for philox4x32 with 10 rounds, copied from tests/kat_vectors of
 * github.com/DEShawResearch/random123 (commit 9545ff6413f258be2f04c1d319d99aaef7521150).
 * Columns: counter (4 words), key (2 words), expected output (4 words).
 */
const RANDOM123_KAT = [
  '00000000 00000000 00000000 00000000 00000000 00000000   6627e8d5 e169c58d bc57ac4c 9b00dbd8',
  'ffffffff ffffffff ffffffff ffffffff ffffffff ffffffff   408f276d 41c83b0e a20bc7c6 6d5451fd',
  '243f6a88 85a308d3 13198a2e 03707344 a4093822 299f31d0   d16cfe09 94fdcceb 5001e420 24126ea1',
];

/**
 * More vectors, computed with philox4x32_R(10, ctr, key) from include/Random123/philox.h of the same
 * commit, compiled with gcc: single set bits, words at the sign boundary, and arbitrary words.
 */
const RANDOM123_COMPUTED = [
  '00000001 00000000 00000000 00000000 00000000 00000000   f8e4cca4 5cb200db b1a574eb 097eff67',
  '00000000 00000000 00000000 00000001 00000000 00000000   2dce73e5 1348e23f fcf8e0ec a287aadb',
  '00000000 00000000 00000000 00000000 ffffffff 00000000   f60ba7e1 fb0bd7a0 c70cbd2d 7dad399c',
  '80000000 7fffffff 80000000 7fffffff deadbeef 12345678   9adc7600 3fd2be16 c787f949 381cc296',
  'ff726198 db663f38 8ca71e78 826d104c 2cf48fbe 1d6136df   c73819d8 950b4d88 600d8e58 9d574808',
  '4ce3ab42 08f50767 ab2fde0b 4d3c59fc 0674e55d c13e0e72   0c5471a6 732ff383 9aadab0f 6a148558',
  'b41a35d5 a6bd7c25 2e02cf99 89cb5841 baa22d20 1fcc06c3   822e74de 8af0fa41 6f6e5bd8 00be0610',
  '0000ffff ffff0000 0000ffff ffff0000 00010000 0000ffff   dec15c79 fe2333c2 7a54dfd3 554a4e95',
];

const wasm = createWasmPhilox();

/** One suite, every implementation of a Philox block. */
const IMPLEMENTATIONS: Array<{ name: string; block: PhiloxBlock | undefined }> = [
  { name: 'JavaScript', block: philox4x32 },
  { name: 'WebAssembly', block: wasm },
];

describe.each(IMPLEMENTATIONS)('philox4x32-10 ($name)', ({ block }) => {
  it('exists on this runtime', () => {
    expect(block).toBeTypeOf('function');
  });

  it.each([...RANDOM123_KAT, ...RANDOM123_COMPUTED])('matches Random123: %s', (line) => {
    const words = parse(line);
    const out = new Uint32Array(6);
    block!(words[0], words[1], words[2], words[3], words[4], words[5], out, 1);
    expect(hex(out.subarray(1, 5))).toBe(hex(words.slice(6)));
    expect(out[0]).toBe(0);
    expect(out[5]).toBe(0);
  });

  it('takes words modulo 2^32, so int32 and uint32 spellings agree', () => {
    const a = new Uint32Array(4);
    const b = new Uint32Array(4);
    block!(0xffffffff, 0x80000000, 7, 0, 0xdeadbeef, 1, a, 0);
    block!(-1, -0x80000000, 7, 0, 0xdeadbeef | 0, 1, b, 0);
    expect(hex(a)).toBe(hex(b));
  });
});

describe('the two implementations', () => {
  it('agree on 20 000 counters and keys drawn from xorshift32', () => {
    let s = 2463534242;
    const next = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
    const a = new Uint32Array(4);
    const b = new Uint32Array(4);
    let mismatches = 0;
    for (let i = 0; i < 20_000; i++) {
      const w = [next(), next(), next(), next(), next(), next()];
      philox4x32(w[0], w[1], w[2], w[3], w[4], w[5], a, 0);
      wasm!(w[0], w[1], w[2], w[3], w[4], w[5], b, 0);
      if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2] || a[3] !== b[3]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('mulhi32', () => {
  const exact = (a: number, b: number) => Number((BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n);

  it('is exact at the edges', () => {
    const edges = [0, 1, 2, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffeffff, 0xfffffffe, 0xffffffff, 0xd2511f53, 0xcd9e8d57];
    for (const a of edges) for (const b of edges) expect(mulhi32(a, b), `${a} * ${b}`).toBe(exact(a, b));
  });

  it('is exact on 100 000 pseudo-random pairs against BigInt', () => {
    let s = 88172645;
    const next = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
    let mismatches = 0;
    for (let i = 0; i < 100_000; i++) {
      const a = next();
      const b = next();
      if (mulhi32(a, b) !== exact(a, b)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
