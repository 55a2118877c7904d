import { belowHalfUlp, fma, productErrorBound, ufp } from './fma.js';

/**
 * glibc's `exp` for double (sysdeps/ieee754/dbl-64/e_exp.c, Szabolcs Nagy's table-driven
 * algorithm, unchanged from glibc 2.28 to at least 2.36), reproduced bit for bit.
 *
 * On x86-64, libm picks an implementation of the same C source at load time (ifunc):
 * - `fma`:  built with -mfma -mavx2, chosen when the CPU has FMA and AVX2 (every x86-64-v3 CPU,
 *           Intel Haswell and AMD Zen onwards). GCC fused some a*b+c into single-rounding
 *           vfmadd instructions; the points below follow the disassembly of `__exp_fma` in
 *           Debian 12's libm (glibc 2.36).
 * - `sse2`: every operation rounded separately (the `sse2` and `avx` builds compute the same).
 * Each variant is a pure function of its argument; which one matches LightGBM depends on the CPU
 * the C++ runs on, not the one running this code.
 *
 * exp(x) = 2^(k/N) * exp(r) with N = 128, k = round(x*N/ln2) and |r| <= ln2/(2N);
 * 2^(k/N) = 2^floor(k/N) * H[k mod N] * (1 + T[k mod N]) and exp(r) - 1 is a degree-5 polynomial.
 */
export type GlibcVariant = 'fma' | 'sse2';

/** The variant glibc selects on the Linux x86-64 machines LightGBM is trained and served on. */
export const DEFAULT_GLIBC_VARIANT: GlibcVariant = 'fma';

const N = 128;
// glibc's constants (e_exp_data.c) as shortest round-trip decimals; hex floats in comments.
const INV_LN2_N = 184.6649652337873; // 0x1.71547652b82fep0 * N
const NEG_LN2_HI_N = -0.005415212348111709; // -0x1.62e42fefa0000p-8, 36 significant bits
const NEG_LN2_LO_N = -1.2864023111638346e-14; // -0x1.cf79abc9e3b3ap-47
const SHIFT = 6755399441055744; // 0x1.8p52: adding it rounds to an integer
const C2 = 0.49999999999996786; // 0x1.ffffffffffdbdp-2
const C3 = 0.16666666666665886; // 0x1.555555555543cp-3
const C4 = 0.0416666808410674; // 0x1.55555cf172b91p-5
const C5 = 0.008333335853059549; // 0x1.1111167a4d017p-7

const TINY = 2 ** -54; // below it exp(x) rounds like 1 + x
const SPECIAL = 512; // from here on the scale may leave the normal range
const HUGE = 1024;
const TWO_1009 = 2 ** 1009;
const TWO_M1022 = 2 ** -1022;

/** TAB[2j] = T[j], TAB[2j+1] = H[j]: 2^(j/N) ~= H[j] * (1 + T[j]). */
const TAB = expTable();
/** POW2[e + 1022] = 2^e for e in [-1022, 1023]. */
const POW2 = powersOfTwo();

export function glibcExpFma(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= TINY && ax < SPECIAL)) return expOutside(x, true);
  // glibcExpSse2's steps, with each product that the FMA build fuses kept apart: the fused
  // results are the same unless a product's rounding moves a sum across a rounding boundary.
  const z = x * INV_LN2_N;
  const kd = z + SHIFT - SHIFT;
  const k = kd | 0;
  // kd * NEG_LN2_HI_N is exact (|kd| < 2^17, 36-bit constant): fused or not, x1 is the same.
  const x1 = x + kd * NEG_LN2_HI_N;
  const pr = kd * NEG_LN2_LO_N;
  const r = x1 + pr;
  const p3 = r * C3;
  const c3 = C2 + p3;
  const p5 = r * C5;
  const c5 = C4 + p5;
  const j = (k & (N - 1)) << 1;
  const tailR = TAB[j] + r;
  const r2 = r * r;
  const p2 = r2 * c3;
  const lower = tailR + p2;
  const p4 = r2 * r2 * c5;
  const tmp = lower + p4;
  const scale = TAB[j + 1] * POW2[(k >> 7) + 1022];
  const ps = scale * tmp;
  const y = scale + ps;

  // kd: |z| < 2^17 puts fl(z) within 2^-37 of the exact product, so only next to a
  // half-integer can the two round to different integers.
  if (!(Math.abs(Math.abs(z - kd) - 0.5) > 2 ** -30)) return expFmaFused(x);
  // Every other step s = c + p is checked as fusedMatchesUnfused(c, p, 0) in fma.ts does, written
  // out: with t = s - c, e = c - (s - t) + (p - t) is c + p - s exactly (TwoSum), and s is the
  // fused result when |e| plus the product's error bound stays below ulp(s)/2, s not a power of 2.
  let t: number;
  let u: number;
  // r = fma(kd, NEG_LN2_LO_N, x1)
  t = r - x1;
  u = ufp(r);
  if (!belowHalfUlp(Math.abs(x1 - (r - t) + (pr - t)) + productErrorBound(pr), u)) {
    return expFmaFused(x);
  }
  if (Math.abs(r) === u) return expFmaFused(x);
  // c3 = fma(r, C3, C2)
  t = c3 - C2;
  u = ufp(c3);
  if (!belowHalfUlp(Math.abs(C2 - (c3 - t) + (p3 - t)) + productErrorBound(p3), u)) {
    return expFmaFused(x);
  }
  if (Math.abs(c3) === u) return expFmaFused(x);
  // c5 = fma(r, C5, C4)
  t = c5 - C4;
  u = ufp(c5);
  if (!belowHalfUlp(Math.abs(C4 - (c5 - t) + (p5 - t)) + productErrorBound(p5), u)) {
    return expFmaFused(x);
  }
  if (Math.abs(c5) === u) return expFmaFused(x);
  // lower = fma(r2, c3, tail + r)
  t = lower - tailR;
  u = ufp(lower);
  if (!belowHalfUlp(Math.abs(tailR - (lower - t) + (p2 - t)) + productErrorBound(p2), u)) {
    return expFmaFused(x);
  }
  if (Math.abs(lower) === u) return expFmaFused(x);
  // tmp = fma(r2 * r2, c5, lower)
  t = tmp - lower;
  u = ufp(tmp);
  if (!belowHalfUlp(Math.abs(lower - (tmp - t) + (p4 - t)) + productErrorBound(p4), u)) {
    return expFmaFused(x);
  }
  if (Math.abs(tmp) === u) return expFmaFused(x);
  // y = fma(scale, tmp, scale)
  t = y - scale;
  u = ufp(y);
  if (!belowHalfUlp(Math.abs(scale - (y - t) + (ps - t)) + productErrorBound(ps), u)) {
    return expFmaFused(x);
  }
  if (Math.abs(y) === u) return expFmaFused(x);
  return y;
}

export function glibcExpSse2(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= TINY && ax < SPECIAL)) return expOutside(x, false);
  const kd = INV_LN2_N * x + SHIFT - SHIFT;
  const k = kd | 0;
  const r = x + kd * NEG_LN2_HI_N + kd * NEG_LN2_LO_N;
  const j = (k & (N - 1)) << 1;
  const scale = TAB[j + 1] * POW2[(k >> 7) + 1022];
  const r2 = r * r;
  const tmp = TAB[j] + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5);
  return scale + scale * tmp;
}

/** glibcExpFma's normal range (2^-54 <= |x| < 512) step by step with fma(), as __exp_fma runs. */
function expFmaFused(x: number): number {
  const kd = fma(x, INV_LN2_N, SHIFT) - SHIFT;
  const k = kd | 0;
  const r = fma(kd, NEG_LN2_LO_N, x + kd * NEG_LN2_HI_N);
  const j = (k & (N - 1)) << 1;
  const scale = TAB[j + 1] * POW2[(k >> 7) + 1022];
  const r2 = r * r;
  const tmp = fma(r2 * r2, fma(r, C5, C4), fma(r2, fma(r, C3, C2), TAB[j] + r));
  return fma(scale, tmp, scale);
}

/** exp as glibc computes it on a CPU with FMA and AVX2; see {@link DEFAULT_GLIBC_VARIANT}. */
export const glibcExp: (x: number) => number = glibcExpFma;

export function glibcExpFor(variant: GlibcVariant = DEFAULT_GLIBC_VARIANT): (x: number) => number {
  return variant === 'fma' ? glibcExpFma : glibcExpSse2;
}

/** |x| < 2^-54, |x| >= 512, NaN and infinities. */
function expOutside(x: number, fused: boolean): number {
  const ax = Math.abs(x);
  if (ax < TINY) return 1 + x;
  if (!(ax < HUGE)) {
    if (x === -Infinity) return 0;
    if (x !== x || x === Infinity) return 1 + x;
    return x < 0 ? 0 : Infinity;
  }
  // The result may overflow or underflow: scale by 2^-1009 or 2^1022 so that the last steps stay
  // in the normal range, then scale back with one rounding.
  const kd = fused ? fma(x, INV_LN2_N, SHIFT) - SHIFT : INV_LN2_N * x + SHIFT - SHIFT;
  const k = kd | 0;
  // Here |k| may reach 2^17 and kd * NEG_LN2_HI_N may need 54 bits: fuse for real.
  const r = fused
    ? fma(kd, NEG_LN2_LO_N, fma(kd, NEG_LN2_HI_N, x))
    : x + kd * NEG_LN2_HI_N + kd * NEG_LN2_LO_N;
  const j = (k & (N - 1)) << 1;
  const h = TAB[j + 1];
  const r2 = r * r;
  const tmp = fused
    ? fma(r2 * r2, fma(r, C5, C4), fma(r2, fma(r, C3, C2), TAB[j] + r))
    : TAB[j] + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5);
  const e = k >> 7;
  if (k >= 0) {
    const scale = h * POW2[e - 1009 + 1022];
    return TWO_1009 * (fused ? fma(scale, tmp, scale) : scale + scale * tmp);
  }
  const scale = h * POW2[e + 1022 + 1022];
  // glibc reuses scale * tmp below, so even the FMA build rounds it separately here.
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1) {
    // Round to the final subnormal precision once: hi + lo = 1 + y exactly, then drop the 1.
    let lo = scale - y + st;
    const hi = 1 + y;
    lo = 1 - hi + y + lo;
    y = hi + lo - 1;
    if (y === 0) y = 0;
  }
  return TWO_M1022 * y;
}

/**
 * H[j] = 2^(j/N) rounded to nearest and T[j] = (2^(j/N) - H[j]) / H[j] rounded to nearest,
 * computed exactly enough with BigInt fixed point (200 fractional bits): 2^(1/N) by seven integer
 * square roots of 2, then its powers. The result equals glibc's table entry for entry (checked
 * against `__exp_data` in Debian 12's libm-2.36.a, the same as e_exp_data.c), and the bulk
 * comparison with libm in the tests uses every entry.
 */
function expTable(): Float64Array {
  const P = 200n;
  const one = 1n << P;
  let root = 2n << P;
  for (let i = 0; i < 7; i++) root = isqrt(root << P);
  const tab = new Float64Array(2 * N);
  let v = one;
  for (let j = 0; j < N; j++) {
    const hInt = roundShift(v, P - 52n); // H[j] * 2^52, an integer with 53 bits
    const diff = v - (hInt << (P - 52n)); // (2^(j/N) - H[j]) * 2^P
    // diff * 2^52 / hInt = T[j] * 2^P; the quotient keeps > 140 bits, so truncating is harmless.
    const tScaled = (diff << 52n) / hInt;
    tab[2 * j] = Number(tScaled) * 2 ** -200;
    tab[2 * j + 1] = Number(hInt) * 2 ** -52;
    v = (v * root) >> P;
  }
  return tab;
}

function isqrt(n: bigint): bigint {
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** round(v / 2^s) with ties to even, v >= 0. */
function roundShift(v: bigint, s: bigint): bigint {
  const q = v >> s;
  const rest = v - (q << s);
  const half = 1n << (s - 1n);
  return rest > half || (rest === half && (q & 1n) === 1n) ? q + 1n : q;
}

function powersOfTwo(): Float64Array {
  const p = new Float64Array(2046);
  p[1022] = 1;
  for (let e = 1; e <= 1023; e++) p[1022 + e] = p[1021 + e] * 2;
  for (let e = 1; e <= 1022; e++) p[1022 - e] = p[1023 - e] * 0.5;
  return p;
}
