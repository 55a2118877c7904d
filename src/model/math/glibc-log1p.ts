import { fma } from './fma.js';
import { DEFAULT_GLIBC_VARIANT, type GlibcVariant } from './glibc-exp.js';

/**
 * glibc's `log1p` for double (sysdeps/ieee754/dbl-64/s_log1p.c, the fdlibm algorithm),
 * reproduced bit for bit.
 *
 * glibc 2.39 added an FMA build of it (`__log1p_fma`, -mfma -mavx2) and the 2.34-2.38 release
 * branches got it as a backport in August 2023, so Debian 12's glibc 2.36 has it: on CPUs with
 * FMA and AVX2 libm runs the fused form. The fusion points below follow the disassembly of
 * `__log1p_fma` in Debian 12's libm; `glibcLog1pSse2` is the plain build, every step rounded.
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

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

function highWord(x: number): number {
  f64[0] = x;
  return u32[HI] | 0;
}

/** x with its high word replaced by `hi`, low word kept. */
function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  u32[HI] = hi;
  return f64[0];
}

export function glibcLog1pFma(x: number): number {
  return log1p(x, true);
}

export function glibcLog1pSse2(x: number): number {
  return log1p(x, false);
}

/** log1p as glibc computes it on a CPU with FMA and AVX2; see {@link DEFAULT_GLIBC_VARIANT}. */
export const glibcLog1p: (x: number) => number = glibcLog1pFma;

export function glibcLog1pFor(variant: GlibcVariant = DEFAULT_GLIBC_VARIANT): (x: number) => number {
  return variant === 'fma' ? glibcLog1pFma : glibcLog1pSse2;
}

function log1p(x: number, fused: boolean): number {
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
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000);
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      return fused ? fma(k, LN2_HI, fma(k, LN2_LO, c)) : k * LN2_HI + (c + k * LN2_LO);
    }
    const R = hfsq * (fused ? fma(-f, TWO_THIRDS, 1) : 1 - TWO_THIRDS * f);
    if (k === 0) return f - R;
    return fused
      ? fma(k, LN2_HI, -(R - fma(k, LN2_LO, c) - f))
      : k * LN2_HI - (R - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  let R: number;
  if (fused) {
    R = fma(z6, fma(z, LP7, LP6), fma(z4, fma(z, LP5, LP4), fma(z, LP1, z2 * fma(z, LP3, LP2))));
  } else {
    R = z * LP1 + z2 * (LP2 + z * LP3) + z4 * (LP4 + z * LP5) + z6 * (LP6 + z * LP7);
  }
  const t = s * (hfsq + R);
  if (k === 0) return f - (hfsq - t);
  return fused
    ? fma(k, LN2_HI, -(hfsq - (t + fma(k, LN2_LO, c)) - f))
    : k * LN2_HI - (hfsq - (t + (k * LN2_LO + c)) - f);
}
