import {
  fma,
  FUSED_STEPS,
  fusedMatchesUnfused,
  fusedStepsMatch,
  fusedSum,
  splitHigh,
} from './fma.js';
import { DEFAULT_GLIBC_VARIANT, type GlibcVariant } from './glibc-exp.js';

/**
 * glibc's `log1p` for double (sysdeps/ieee754/dbl-64/s_log1p.c, the fdlibm algorithm),
 * reproduced bit for bit.
 *
 * glibc 2.39 added an FMA build of it (`__log1p_fma`, -mfma -mavx2, chosen on CPUs with FMA and
 * AVX2); the 2.34-2.38 release branches got it as a backport in August 2023, and Debian 12 since
 * 2.36-9+deb12u10. Older glibc runs the plain build (glibcLog1pSse2) on every CPU. The fused
 * steps below follow the disassembly of `__log1p_fma` in Debian 12's libm (2.36-9+deb12u14).
 *
 * 1 + x = 2^k * (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2), c corrects the rounding of 1 + x, and
 * log(1 + f) = f - hfsq + s*(hfsq + R(s^2)) with hfsq = f^2/2, s = f/(2 + f).
 */

// fdlibm's constants, written as shortest round-trip decimals; their bits in comments.
const LN2_HI = 0.6931471803691238; // 0x3fe62e42fee00000
const LN2_LO = 1.9082149292705877e-10; // 0x3dea39ef35793c76
const LP1 = 0.6666666666666735; // 0x3fe5555555555593
const LP2 = 0.3999999999940942; // 0x3fd999999997fa04
const LP3 = 0.2857142874366239; // 0x3fd2492494229359
const LP4 = 0.22222198432149784; // 0x3fcc71c51d8e78af
const LP5 = 0.1818357216161805; // 0x3fc7466496cb03de
const LP6 = 0.15313837699209373; // 0x3fc39a09d078c69f
const LP7 = 0.14798198605116586; // 0x3fc2f112df3e5244
const TWO_THIRDS = 0.6666666666666666; // 0x3fe5555555555555, "0.66666666666666666" in the source
// High halves (Veltkamp) of the constants whose products need their exact rounding error.
const LN2_LO_H = splitHigh(LN2_LO);
const LN2_LO_L = LN2_LO - LN2_LO_H;
const LP1_H = splitHigh(LP1);
const LP1_L = LP1 - LP1_H;
const LP3_H = splitHigh(LP3);
const LP3_L = LP3 - LP3_H;
const LP5_H = splitHigh(LP5);
const LP5_L = LP5 - LP5_H;
const LP7_H = splitHigh(LP7);
const LP7_L = LP7 - LP7_H;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word
/** POW2[MAX_K - k] = 2^-k for the k of 1 + x = 2^k * (1 + f): k in [-54, 1024]. */
const MAX_K = 1024;
const POW2 = new Float64Array(MAX_K + 55);
POW2[MAX_K] = 1;
for (let i = MAX_K - 1; i >= 0; i--) POW2[i] = POW2[i + 1] * 0.5;
for (let i = MAX_K + 1; i < POW2.length; i++) POW2[i] = POW2[i - 1] * 2;

export function glibcLog1pFma(x: number): number {
  const y = log1p(x, CHECKED);
  return y === y ? y : log1p(x, FUSED);
}

export function glibcLog1pSse2(x: number): number {
  return log1p(x, PLAIN);
}

/** log1p as glibc computes it on a CPU with FMA and AVX2; see {@link DEFAULT_GLIBC_VARIANT}. */
export const glibcLog1p: (x: number) => number = glibcLog1pFma;

export function glibcLog1pFor(
  variant: GlibcVariant = DEFAULT_GLIBC_VARIANT,
): (x: number) => number {
  return variant === 'fma' ? glibcLog1pFma : glibcLog1pSse2;
}

/** Every step rounded: the sse2 build. */
const PLAIN = 0;
/**
 * The FMA build's result from plain steps: each step that it fuses is either fused from exact
 * error terms (fusedSum) or checked (fusedMatchesUnfused); NaN when that cannot settle a step.
 */
const CHECKED = 1;
/** The FMA build step by step with fma(), as __log1p_fma runs; for what CHECKED leaves open. */
const FUSED = 2;
type Mode = typeof PLAIN | typeof CHECKED | typeof FUSED;

function log1p(x: number, mode: Mode): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let hu = 0;
  let c = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x <= -1, -Infinity, negative NaN
    if (ax < 0x3e200000) {
      // |x| < 2^-29. x*x*0.5 is exact, so fusing x - (x*x)*0.5 changes nothing.
      return ax < 0x3c900000 ? x : x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // -0.2929 < x < 0.41422: f = x directly
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7ff00000) {
    return x + x; // +Infinity, NaN
  }
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = (k > 0 ? 1 - (u - x) : x - (u - 1)) / u; // the rounding error of 1 + x, relative
    } else {
      u = x; // x >= 2^53: 1 + x is x
      hu = hx;
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0xfffff;
    // glibc sets u's exponent to 0 (or -1 past sqrt(2)): u * 2^-k, exact.
    if (hu >= 0x6a09e) {
      k += 1;
      hu = (0x00100000 - hu) >> 2;
    }
    f = u * POW2[MAX_K - k] - 1;
  }
  const hfsq = 0.5 * f * f;

  // klo = fma(k, LN2_LO, c). k * LN2_HI, by contrast, is exact (|k| < 2^11, 32-bit constant):
  // the FMA build's fma(k, LN2_HI, -w) is the plain k * LN2_HI - w.
  let klo = 0;
  if (k !== 0) {
    const p = k * LN2_LO;
    if (mode === FUSED) {
      klo = fma(k, LN2_LO, c);
    } else {
      klo = c + p;
      if (mode === CHECKED) {
        // The product dominates c, so the fused rounding often differs: fuse from the exact
        // errors (k has 11 bits, so the product needs no split). NaN carries to the result.
        const t = klo - c;
        klo = fusedSum(klo, c - (klo - t) + (p - t), k * LN2_LO_H - p + k * LN2_LO_L);
      }
    }
  }

  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + klo;
    // g = fma(-f, TWO_THIRDS, 1)
    let g: number;
    if (mode === FUSED) {
      g = fma(-f, TWO_THIRDS, 1);
    } else {
      const p = -TWO_THIRDS * f;
      g = 1 + p;
      if (mode === CHECKED && !fusedMatchesUnfused(1, p, 0)) return NaN;
    }
    const R = hfsq * g;
    return k === 0 ? f - R : k * LN2_HI - (R - klo - f);
  }

  const s = f / (2 + f);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  let R: number;
  if (mode === FUSED) {
    R = fma(z6, fma(z, LP7, LP6), fma(z4, fma(z, LP5, LP4), fma(z, LP1, z2 * fma(z, LP3, LP2))));
  } else {
    // The plain build's z*LP1 + z2*(LP2 + z*LP3) + z4*(LP4 + z*LP5) + z6*(LP6 + z*LP7).
    const p3 = z * LP3;
    const p5 = z * LP5;
    const p7 = z * LP7;
    const r2 = LP2 + p3;
    const r3 = LP4 + p5;
    const r4 = LP6 + p7;
    const q2 = z2 * r2;
    const p1 = z * LP1;
    let a1 = p1 + q2;
    let zh = 0;
    let zl = 0;
    if (mode === CHECKED) {
      // z * LP1 dominates its sum, and the fused rounding differs for about a fifth of
      // arguments: fuse from the exact errors.
      zh = splitHigh(z);
      zl = z - zh;
      const t = a1 - q2;
      const pl = zh * LP1_H - p1 + zh * LP1_L + zl * LP1_H + zl * LP1_L;
      a1 = fusedSum(a1, q2 - (a1 - t) + (p1 - t), pl);
    }
    const p4 = z4 * r3;
    const a2 = a1 + p4;
    const p6 = z6 * r4;
    R = a2 + p6;
    if (mode === CHECKED) {
      // The others: LP2 + z*LP3 and its like land on ties now and then, so their products
      // come with exact errors; z4*r3 and z6*r4 are far below their sums.
      const steps = FUSED_STEPS;
      steps[0] = LP2;
      steps[1] = p3;
      steps[2] = zh * LP3_H - p3 + zh * LP3_L + zl * LP3_H + zl * LP3_L;
      steps[3] = LP4;
      steps[4] = p5;
      steps[5] = zh * LP5_H - p5 + zh * LP5_L + zl * LP5_H + zl * LP5_L;
      steps[6] = LP6;
      steps[7] = p7;
      steps[8] = zh * LP7_H - p7 + zh * LP7_L + zl * LP7_H + zl * LP7_L;
      steps[9] = a1;
      steps[10] = p4;
      steps[11] = 0;
      steps[12] = a2;
      steps[13] = p6;
      steps[14] = 0;
      if (!fusedStepsMatch(5)) return NaN;
    }
  }
  const t = s * (hfsq + R);
  return k === 0 ? f - (hfsq - t) : k * LN2_HI - (hfsq - (t + klo) - f);
}

function highWord(x: number): number {
  f64[0] = x;
  return u32[HI] | 0;
}
