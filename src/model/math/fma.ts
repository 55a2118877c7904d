/**
 * Fused multiply-add: a*b+c rounded once, to nearest with ties to even, as the x86 `vfmadd`
 * instructions that glibc's FMA-compiled exp and log1p execute.
 *
 * Fast path (no BigInt, no allocation): the product is split exactly into p + pl (Veltkamp
 * splitting and Dekker's TwoProduct), c + p is split exactly into th + tl (Knuth's TwoSum), the
 * two low parts are added with rounding to odd, and th plus that sum is rounded to nearest once
 * (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using
 * rounding to odd", IEEE TC 57(4), 2008). Rounding to odd keeps the information that a later
 * round to nearest needs, so the two roundings act as one.
 *
 * Those error-free transformations are exact only while nothing overflows and the product's
 * low part does not underflow. The fast path is taken when
 *   2^-1000 <= |a|, |b| <= 2^995,  2^-960 <= |fl(a*b)| <= 2^990,  |c| <= 2^1020,
 * which covers the calls glibcExp and glibcLog1p make. Every other input (zeros, subnormal or
 * huge operands, infinities, NaN) goes to a slow path that is exact too: IEEE special-value rules
 * for non-finite operands, and exact BigInt arithmetic otherwise, with gradual underflow and
 * overflow to infinity. So the function is correct for all doubles; only speed depends on range.
 *
 * Below fma are the building blocks with which glibcExp and glibcLog1p avoid most fma calls:
 * they evaluate the plain steps and prove, or cheaply correct, that each equals the fused one.
 */

const SPLITTER = 134217729; // 2^27 + 1: Veltkamp's constant for 53-bit doubles
const MIN_AB = 2 ** -1000;
const MAX_AB = 2 ** 995;
const MIN_P = 2 ** -960;
const MAX_P = 2 ** 990;
const MAX_C = 2 ** 1020;

const PHI = 4503599627370497; // 2^52 + 1
const ONE_MINUS_U = 0.9999999999999999; // 1 - 2^-53
const U = 1.1102230246251565e-16; // 2^-53
const MIN_UFP = 2 ** -960;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // index of the low word
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
 * True when fl(c + p), with p = fl(a*b), is also the fused fl(c + a*b): when rounding the
 * product first cannot move the sum across a rounding boundary. Callers evaluate a chain of
 * fused steps the plain way, check every step, and recompute with fma() only when a check fails;
 * a check costs a fraction of an fma.
 *
 * pl is the product's exact error a*b - p when the caller has it (Dekker), or 0 when not: then
 * productErrorBound(p) stands in, which is enough where c dominates the sum. (An exact error
 * that happens to be 0 only makes the check more cautious.)
 *
 * Proof: with s = fl(c + p) and its exact error e = c + p - s (Knuth's TwoSum), the exact
 * c + a*b = s + e + (a*b - p). When that offset is below ulp(s)/2 it rounds to s, unless s is a
 * power of two, whose lower neighbour is only ulp(s)/2 away: that answers false. The
 * comparisons need no upward rounding: a computed sum below a power of two is below it exactly.
 *
 * glibcExp writes this check out at each step with the tiny ufp, belowHalfUlp and
 * productErrorBound: V8 inlines only about 900 bytes of bytecode into a function, and a call it
 * does not inline boxes the doubles it passes, which would cost more than the check.
 */
export function fusedMatchesUnfused(c: number, p: number, pl: number): boolean {
  const s = c + p;
  const t = s - c;
  const e = c - (s - t) + (p - t);
  const u = ufp(s);
  const offset = pl === 0 ? Math.abs(e) + productErrorBound(p) : Math.abs(e + pl);
  return belowHalfUlp(offset, u) && Math.abs(s) !== u;
}

/**
 * The fused fl(c + a*b) from a plain sum's parts: s = fl(c + p) with p = fl(a*b), its exact
 * error e = c + p - s (TwoSum), and the product's exact error pl = a*b - p (Dekker); NaN in the
 * rare cases this cannot settle, where the caller must use fma(). For steps where the product
 * dominates the sum, so that a check like fusedMatchesUnfused would fail often.
 *
 * With o = fl(e + pl) and f = e + pl - o exactly, the exact value is X = s + o + f. If f = 0,
 * fl(s + o) rounds X itself. Otherwise, when |o| < ufp(y) * 2^-50 for y = fl(s + o), the
 * rounding boundaries near y (multiples of ulp(y)/4 from s) and s + o all lie on the grid of
 * ulp(o) > 2|f|, so X rounds like s + o unless s + o is exactly on a boundary: NaN then, when
 * the rest g = s + o - y is half an ulp of y or a quarter (below a power of two).
 */
export function fusedSum(s: number, e: number, pl: number): number {
  const o = e + pl;
  let t = o - e;
  const f = e - (o - t) + (pl - t);
  const y = s + o;
  if (f === 0) return y;
  t = y - s;
  const g = Math.abs(s - (y - t) + (o - t));
  const u = ufp(y);
  const halfUlp = u * U;
  return u > MIN_UFP && Math.abs(o) < halfUlp * 8 && g !== halfUlp && g !== halfUlp * 0.5 ? y : NaN;
}

/**
 * The power of two at the leading bit of s: |q - (1 - 2^-53) q| with q = (2^52 + 1) s (Rump,
 * Ogita and Oishi, "Accurate floating-point summation part I", SIAM J. Sci. Comput., 2008).
 * Valid for 2^-960 <= |s| < 2^967, which belowHalfUlp checks; NaN beyond that.
 */
export function ufp(s: number): number {
  const q = s * PHI;
  return Math.abs(q - ONE_MINUS_U * q);
}

/** offset < ulp(s)/2 = ufpOfS * 2^-53, with ufpOfS = ufp(s) in its valid range. */
export function belowHalfUlp(offset: number, ufpOfS: number): boolean {
  return offset < ufpOfS * U && ufpOfS > MIN_UFP;
}

/** A bound on |a*b - p| for p = fl(a*b): ulp(p)/2 <= |p| * 2^-53 + 2^-1075 (subnormal p too). */
export function productErrorBound(p: number): number {
  return Math.abs(p) * U + Number.MIN_VALUE;
}

/** The high half of x (Veltkamp): x - splitHigh(x) is the low half, each with at most 26 bits. */
export function splitHigh(x: number): number {
  const t = SPLITTER * x;
  return t - (t - x);
}

/**
 * Triples (c, p, pl) of plain steps for fusedStepsMatch, at 3i, 3i + 1 and 3i + 2. Handing
 * them over in a typed array keeps them unboxed: V8 inlines only so much, and a call that is
 * not inlined boxes its double arguments.
 */
export const FUSED_STEPS = new Float64Array(24);

/** fusedMatchesUnfused for each of the first `count` triples in FUSED_STEPS. */
export function fusedStepsMatch(count: number): boolean {
  const steps = FUSED_STEPS;
  for (let i = 0; i < 3 * count; i += 3) {
    if (!fusedMatchesUnfused(steps[i], steps[i + 1], steps[i + 2])) return false;
  }
  return true;
}

function fmaSlow(a: number, b: number, c: number): number {
  if (a !== a || b !== b || c !== c) return NaN;
  const p = a * b;
  if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) {
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

/** m * 2^e (m > 0) rounded to nearest-even double, with gradual underflow and overflow. */
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
