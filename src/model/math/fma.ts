/**
 * Fused multiply-add: a*b+c rounded once, to nearest with ties to even, as the x86 `vfmadd`
 * instructions that glibc's FMA-compiled exp and log1p execute.
 *
 * Fast path (no BigInt, no allocation): the product is split exactly into uh + ul (Veltkamp
 * splitting and Dekker's TwoProduct), c + uh is split exactly into th + tl (Knuth's TwoSum), the
 * two low parts are added with rounding to odd, and th plus that sum is rounded to nearest once
 * (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using
 * rounding to odd", IEEE TC 57(4), 2008). Rounding to odd keeps the information that a later
 * round to nearest needs, so the two roundings act as one.
 *
 * Those error-free transformations are exact only while nothing overflows and the product's
 * low part does not underflow. The fast path is taken when
 *   2^-1000 <= |a|, |b| <= 2^995,  2^-960 <= |fl(a*b)| <= 2^990,  |c| <= 2^1020,
 * which covers every call made by glibcExp and glibcLog1p. Every other input (zeros, subnormal
 * or huge operands, infinities, NaN) goes to a slow path that is exact too: IEEE special-value
 * rules for non-finite operands, and exact BigInt arithmetic otherwise, with gradual underflow and
 * overflow to infinity. So the function is correct for all doubles; only speed depends on range.
 */

const MIN_AB = 2 ** -1000;
const MAX_AB = 2 ** 995;
const MIN_P = 2 ** -960;
const MAX_P = 2 ** 990;
const MAX_C = 2 ** 1020;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // u32[0] is the low word on little-endian hosts
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ap = Math.abs(p);
  const aa = Math.abs(a);
  const ab = Math.abs(b);
  if (
    !(
      ap >= MIN_P &&
      ap <= MAX_P &&
      aa >= MIN_AB &&
      aa <= MAX_AB &&
      ab >= MIN_AB &&
      ab <= MAX_AB &&
      Math.abs(c) <= MAX_C
    )
  ) {
    return fmaSlow(a, b, c);
  }

  // a*b = p + pl exactly.
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - p + ah * bl + al * bh + al * bl;

  // c + p = th + tl exactly.
  const th = c + p;
  let bv = th - c;
  const tl = c - (th - bv) + (p - bv);

  // v = tl + pl rounded to odd: round to nearest, then if inexact and the result's last bit is
  // even, step one ulp towards the exact sum (the neighbour there is odd).
  let v = tl + pl;
  bv = v - tl;
  const e = tl - (v - bv) + (pl - bv);
  if (e !== 0) {
    f64[0] = v;
    const lo = u32[LO];
    if ((lo & 1) === 0) {
      // v is not zero here: a sum of doubles that rounds to zero is exactly zero.
      if ((e > 0) === (v > 0)) {
        u32[LO] = lo + 1; // lo is even, so no carry into the high word
      } else if (lo === 0) {
        u32[LO] = 0xffffffff;
        u32[HI] = u32[HI] - 1;
      } else {
        u32[LO] = lo - 1;
      }
      v = f64[0];
    }
  }
  return th + v;
}

/**
 * Building blocks for callers that write fused steps out inline. A call that V8 does not inline
 * boxes its double arguments and result on the heap, and V8 inlines only about 900 bytes of
 * bytecode into one function, far less than glibcExp's seven fused steps would need as calls. So
 * glibcExp and glibcLog1p spell each step c + a*b out:
 *   p = fl(a*b) and its exact error pl (Dekker, halves from splitHigh or SPLITTER),
 *   s = fl(c + p) and its exact error e (Knuth's TwoSum),
 * and keep s when isRoundedSum(s, e, pl), else call fma(a, b, c). Fallbacks are rare (|e| + |pl|
 * close to half an ulp of s, or s a power of two): about 1 fused step in 1000 in exp.
 */
export const SPLITTER = 134217729; // 2^27 + 1: Veltkamp's constant for 53-bit doubles

/** The high 26 bits of x (Veltkamp); x - splitHigh(x) holds the rest, both exact. |x| < 2^995. */
export function splitHigh(x: number): number {
  const t = SPLITTER * x;
  return t - (t - x);
}

const PHI = 4503599627370497; // 2^52 + 1
const ONE_MINUS_U = 0.9999999999999999; // 1 - 2^-53
const U = 1.1102230246251565e-16; // 2^-53
const MIN_UFP = 2 ** -960;

/**
 * True when s is the correctly rounded s + e + pl, proved by |e| + |pl| < ulp(s)/2 with s not a
 * power of two (whose lower neighbour is closer). ulp(s)/2 = ufp(s) * 2^-53, where ufp(s), the
 * power of two at the leading bit, is |q - (1 - 2^-53) q| with q = (2^52 + 1) s (Rump, Ogita and
 * Oishi 2008), valid for 2^-960 <= |s| <= 2^960; other s (zero, NaN, huge) answer false.
 */
export function isRoundedSum(s: number, e: number, pl: number): boolean {
  const q = s * PHI;
  const ufp = Math.abs(q - ONE_MINUS_U * q);
  return Math.abs(e) + Math.abs(pl) < ufp * U && ufp > MIN_UFP && Math.abs(s) !== ufp;
}

function fmaSlow(a: number, b: number, c: number): number {
  if (a !== a || b !== b || c !== c) return NaN;
  const p = a * b;
  if (a === 0 || b === 0 || a === Infinity || a === -Infinity || b === Infinity || b === -Infinity) {
    // The product is exact (a signed zero, an infinity, or NaN for 0*inf), so one rounding.
    return p + c;
  }
  if (c === Infinity || c === -Infinity) return c; // a*b is finite even when fl(a*b) overflows

  const ma = mantissaOf(a);
  const ea = exponentOf(a);
  const mb = mantissaOf(b);
  const eb = exponentOf(b);
  const mc = mantissaOf(c);
  const ec = exponentOf(c);
  let prod = BigInt(ma) * BigInt(mb);
  const eab = ea + eb;
  if ((a < 0) !== (b < 0)) prod = -prod; // not from p, which may have underflowed to a signed zero
  let sum: bigint;
  let e0: number;
  if (mc === 0) {
    sum = prod;
    e0 = eab;
  } else {
    e0 = Math.min(eab, ec);
    const cc = c < 0 ? -BigInt(mc) : BigInt(mc);
    sum = (prod << BigInt(eab - e0)) + (cc << BigInt(ec - e0));
  }
  if (sum === 0n) return 0; // exact cancellation of nonzero terms gives +0 when rounding to nearest
  const negative = sum < 0n;
  const mag = roundToDoubleMagnitude(negative ? -sum : sum, e0);
  return negative ? -mag : mag;
}

/** Integer significand of a finite double, |x| = mantissaOf(x) * 2^exponentOf(x). */
function mantissaOf(x: number): number {
  f64[0] = x;
  const hi = u32[HI];
  const biased = (hi >>> 20) & 0x7ff;
  const top = (hi & 0xfffff) + (biased === 0 ? 0 : 0x100000);
  return top * 4294967296 + u32[LO];
}

function exponentOf(x: number): number {
  f64[0] = x;
  const biased = (u32[HI] >>> 20) & 0x7ff;
  return (biased === 0 ? 1 : biased) - 1075;
}

/** m * 2^e (m > 0) rounded to nearest-even double, with gradual underflow and overflow to infinity. */
function roundToDoubleMagnitude(m: bigint, e: number): number {
  const top = e + m.toString(2).length - 1; // exponent of the leading bit
  const q = Math.max(top - 52, -1074); // exponent of the last kept bit
  let kept: bigint;
  if (q <= e) {
    kept = m << BigInt(e - q);
  } else {
    const shift = BigInt(q - e);
    kept = m >> shift;
    const rest = m - (kept << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  }
  // kept <= 2^53 converts exactly. The first scaling is exact; the second can only overflow,
  // since kept * 2^q is a double whenever it is below 2^1024.
  const q1 = q < 0 ? Math.max(q, -1000) : Math.min(q, 1000);
  return Number(kept) * pow2(q1) * pow2(Math.min(q - q1, 1023));
}

/** 2^n for integer n in [-1022, 1023], built from its bits. */
function pow2(n: number): number {
  u32[LO] = 0;
  u32[HI] = (n + 1023) << 20;
  return f64[0];
}
