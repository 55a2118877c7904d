import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fma,
  glibcExp,
  glibcExpFma,
  glibcExpSse2,
  glibcLog1p,
  glibcLog1pFma,
  glibcLog1pSse2,
} from '../../src/model/math/index.js';
import { fusedMatchesUnfused, fusedSum } from '../../src/model/math/fma.js';

// The reference is this machine's libm, called by CPython: math.exp and math.log1p pass the
// argument straight to libm; where they raise instead of returning (overflow, x <= -1) the same
// libm functions are called through ctypes. Arguments come from a seeded generator in Python and
// travel back with the results as raw float64, so both sides see the very same bits.
const PYTHON_REFERENCE = String.raw`
import ctypes, math, random, struct, sys
from array import array

count = int(sys.argv[1])
libm = ctypes.CDLL('libm.so.6')
for fn in (libm.exp, libm.log1p):
    fn.restype = ctypes.c_double
    fn.argtypes = [ctypes.c_double]

def ref_exp(x):
    try:
        return math.exp(x)
    except (OverflowError, ValueError):
        return libm.exp(x)

def ref_log1p(x):
    try:
        return math.log1p(x)
    except (OverflowError, ValueError):
        return libm.log1p(x)

def from_bits(b):
    return struct.unpack('<d', struct.pack('<Q', b & 0xffffffffffffffff))[0]

def to_bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]

def around(x, steps):
    if x != x or x in (math.inf, -math.inf):
        return [x]
    out, up, down = [x], x, x
    for _ in range(steps):
        up = math.nextafter(up, math.inf)
        down = math.nextafter(down, -math.inf)
        out += [up, down]
    return out

SPECIAL = [0.0, -0.0, math.nan, -math.nan, math.inf, -math.inf, 5e-324, -5e-324,
           2.2250738585072014e-308, -2.2250738585072014e-308, 1.7976931348623157e308,
           -1.7976931348623157e308, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0]

def exp_edges():
    xs = list(SPECIAL)
    thresholds = [709.782712893384, -708.3964185322641, -745.1332191019411, -745.1332191019412,
                  -744.4400719213812, 512.0, -512.0, 1024.0, -1024.0, 2.0**-54, -2.0**-54,
                  2.0**-53, -2.0**-53, 1e-300, -1e-300, 700.0, -700.0, 745.0, -750.0, 750.0,
                  -709.089565712824, -709.7827128933840]
    for t in thresholds:
        xs += around(t, 24)
    r = random.Random(7)
    xs += [r.uniform(-745.2, -708.3) for _ in range(20000)]   # subnormal and tiny normal results
    xs += [r.uniform(705.0, 709.79) for _ in range(5000)]     # near overflow
    xs += [r.uniform(512.0, 709.79) for _ in range(5000)]     # scaled path, k > 0
    xs += [r.uniform(-745.2, -512.0) for _ in range(5000)]    # scaled path, k < 0
    return xs

def exp_bulk(n, r):
    ln2_128 = math.log(2) / 128
    xs = []
    for i in range(n):
        m = i % 10
        if m < 3:
            x = r.uniform(-750.0, 750.0)                      # sigmoid of any raw score
        elif m == 3:
            x = r.uniform(-40.0, 40.0)
        elif m == 4:
            x = -r.uniform(0.0, 60.0)                         # softmax after max subtraction
        elif m == 5:
            x = r.choice((-1.0, 1.0)) * 2.0 ** r.uniform(-60.0, 10.0)
        elif m == 6:
            x = from_bits(r.getrandbits(64))                  # any double
        elif m == 7:                                          # k = round(x*128/ln2) on a tie
            x = (r.randint(-96000, 96000) + 0.5) * ln2_128
            x = from_bits(to_bits(x) + r.randint(-64, 64))
        elif m == 8:
            x = r.uniform(-745.2, -700.0) if r.random() < 0.7 else r.uniform(700.0, 709.8)
        else:
            x = r.uniform(-1.0, 1.0)
        xs.append(x)
    return xs

def log1p_edges():
    xs = list(SPECIAL)
    thresholds = [-1.0, 2.0**-29, -2.0**-29, 2.0**-54, -2.0**-54, 2.0**53, 2.0**53 - 1.0,
                  2.0**54, 1e300, -0.5, -0.75, 1.0, 3.0, 0.41421356237309503,
                  -0.2928932188134524, math.sqrt(2) - 1, math.sqrt(0.5) - 1, 2.0**-20, -2.0**-20,
                  2.0**-1022, -2.0**-1022]
    for hi in (0x3fda8279, 0x3fda827a, 0xbfd2bec3, 0xbfd2bec4, 0x43400000, 0x433fffff,
               0x3e200000, 0x3e1fffff, 0x3c900000, 0x3c8fffff, 0xbe200000, 0xbc900000):
        thresholds += [from_bits(hi << 32), from_bits((hi << 32) | 0xffffffff)]
    for t in thresholds:
        xs += around(t, 24)
    r = random.Random(11)
    for e in range(-60, 1024):                                # 1 + x near a power of two: f tiny
        p = 2.0 ** e
        for d in (-3, -2, -1, 0, 1, 2, 3):
            x = from_bits(to_bits(p) + d) - 1.0
            if x > -1.0:
                xs.append(x)
    xs += [-1.0 + 2.0 ** -r.uniform(1.0, 53.0) for _ in range(5000)]
    return xs

def log1p_bulk(n, r):
    xs = []
    for i in range(n):
        m = i % 10
        if m < 2:
            x = -1.0 + 2.0 ** -r.uniform(0.0, 53.0)           # near -1
        elif m < 4:
            x = 2.0 ** r.uniform(-60.0, 4.0)
            if r.random() < 0.5:
                x = -min(x, 0.999999)
        elif m == 4:
            x = r.uniform(-0.3, 0.42)                         # the k = 0 range
        elif m == 5:
            x = 2.0 ** r.uniform(0.0, 1023.9)
        elif m == 6:
            x = math.exp(r.uniform(-50.0, 50.0))              # cross_entropy_lambda: log1p(exp(r))
        elif m == 7:
            x = from_bits(r.getrandbits(64))                  # any double
        elif m == 8:
            x = from_bits(to_bits(2.0 ** r.randint(-30, 60)) + r.randint(-2**21, 2**21)) - 1.0
        else:
            x = r.uniform(-1.0, 4.0)
        xs.append(x)
    return xs

out = sys.stdout.buffer
r = random.Random(20240611)
for edges, bulk, ref in ((exp_edges, exp_bulk, ref_exp), (log1p_edges, log1p_bulk, ref_log1p)):
    xs = array('d', edges() + bulk(count, r))
    ys = array('d', map(ref, xs))
    out.write(struct.pack('<Q', len(xs)))
    out.write(xs.tobytes())
    out.write(ys.tobytes())
`;

/** glibc 2.33+ spelling; hides FMA and AVX2 from the ifunc resolvers, which then pick sse2/avx. */
const NO_FMA_TUNABLES = 'glibc.cpu.hwcaps=-AVX2,-FMA';

interface Cases {
  args: Float64Array;
  want: Float64Array;
}

interface Reference {
  exp: Cases;
  log1p: Cases;
}

function runPython(count: number, env: NodeJS.ProcessEnv): Promise<Reference> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', PYTHON_REFERENCE, String(count)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`python3 exited with ${code}: ${stderr}`));
        return;
      }
      const all = Buffer.concat(chunks);
      // Copy into an aligned buffer so Float64Array views can be taken.
      const bytes = new Uint8Array(all.length + 8);
      bytes.set(all);
      let offset = 0;
      const take = (): Cases => {
        const n = Number(new DataView(bytes.buffer).getBigUint64(offset, true));
        offset += 8;
        const args = new Float64Array(bytes.slice(offset, offset + 8 * n).buffer);
        offset += 8 * n;
        const want = new Float64Array(bytes.slice(offset, offset + 8 * n).buffer);
        offset += 8 * n;
        return { args, want };
      };
      const exp = take();
      const log1p = take();
      resolve({ exp, log1p });
    });
  });
}

const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);
function hex(x: number): string {
  scratch[0] = x;
  return '0x' + scratchBits[0].toString(16).padStart(16, '0');
}

/** Mismatches (NaN matches any NaN; zeros must agree in sign). */
function mismatches(cases: Cases, f: (x: number) => number): { count: number; first: string[] } {
  const { args, want } = cases;
  let count = 0;
  const first: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const got = f(args[i]);
    if (!Object.is(got, want[i])) {
      count++;
      if (first.length < 10) {
        first.push(`x=${args[i]} (${hex(args[i])}): got ${hex(got)}, libm ${hex(want[i])}`);
      }
    }
  }
  return { count, first };
}

function cpuHasFmaAndAvx2(): boolean {
  try {
    const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '';
    return / fma( |$)/.test(flags) && / avx2( |$)/.test(flags);
  } catch {
    return false;
  }
}

const BULK = 1_000_000;
const BULK_NO_FMA = 1_000_000;

describe('glibc exp and log1p against this machine libm', () => {
  let native: Reference;
  let noFma: Reference;
  const hasFma = cpuHasFmaAndAvx2();

  beforeAll(async () => {
    [native, noFma] = await Promise.all([
      runPython(BULK, process.env),
      runPython(BULK_NO_FMA, { ...process.env, GLIBC_TUNABLES: NO_FMA_TUNABLES }),
    ]);
  });

  it('generates at least a million arguments per function', () => {
    expect(native.exp.args.length).toBeGreaterThan(BULK);
    expect(native.log1p.args.length).toBeGreaterThan(BULK);
  });

  it('exp: the variant glibc selected on this CPU matches libm bit for bit', () => {
    const f = hasFma ? glibcExpFma : glibcExpSse2;
    expect(mismatches(native.exp, f)).toEqual({ count: 0, first: [] });
  });

  it('log1p: the variant glibc selected on this CPU matches libm bit for bit', () => {
    const f = hasFma ? glibcLog1pFma : glibcLog1pSse2;
    expect(mismatches(native.log1p, f)).toEqual({ count: 0, first: [] });
  });

  it('exp and log1p: the non-FMA variant matches libm with FMA hidden from glibc', () => {
    expect(mismatches(noFma.exp, glibcExpSse2)).toEqual({ count: 0, first: [] });
    expect(mismatches(noFma.log1p, glibcLog1pSse2)).toEqual({ count: 0, first: [] });
  });

  it.runIf(hasFma)('the two libm variants differ, and the FMA one is the default', () => {
    // Proves the tunable reached the ifunc resolvers, so the previous test is meaningful.
    expect(mismatches(noFma.exp, glibcExpFma).count).toBeGreaterThan(0);
    expect(mismatches(noFma.log1p, glibcLog1pFma).count).toBeGreaterThan(0);
    expect(glibcExp).toBe(glibcExpFma);
    expect(glibcLog1p).toBe(glibcLog1pFma);
  });

  it('is discriminating: Math.exp and Math.log1p differ from libm on some arguments', () => {
    expect(mismatches(native.exp, Math.exp).count).toBeGreaterThan(1000);
    expect(mismatches(native.log1p, Math.log1p).count).toBeGreaterThan(100);
  });
});

// ---------------------------------------------------------------------------------------------
// fma against an exact BigInt reference.

const view = new DataView(new ArrayBuffer(8));

function bitsOf(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

function fromBits(b: bigint): number {
  view.setBigUint64(0, BigInt.asUintN(64, b));
  return view.getFloat64(0);
}

/** Finite x = m * 2^e with m a signed integer. */
function split(x: number): [bigint, number] {
  const b = bitsOf(x);
  const biased = Number((b >> 52n) & 0x7ffn);
  let m = b & 0xfffffffffffffn;
  if (biased !== 0) m |= 1n << 52n;
  return [b >> 63n ? -m : m, (biased === 0 ? 1 : biased) - 1075];
}

/** m * 2^e exactly (as a BigInt comparison key at exponent e0 <= e). */
function at(m: bigint, e: number, e0: number): bigint {
  return m << BigInt(e - e0);
}

/**
 * a*b+c rounded to nearest-even, computed independently of src/: the exact sum is compared with
 * the doubles around a floating-point estimate, and the nearest one wins (ties to the even
 * significand; +-Infinity counts as +-2^1024 with an even significand, as IEEE 754 rounds).
 */
function referenceFma(a: number, b: number, c: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c)) return NaN;
  // An infinite factor makes the product exactly infinite (or NaN for 0*inf); an infinite c
  // swamps any finite product, however large.
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a * b + c;
  if (!Number.isFinite(c)) return c;
  const [ma, ea] = split(a);
  const [mb, eb] = split(b);
  const [mc, ec] = split(c);
  // Every term and every candidate double near the result is a multiple of 2^e0.
  const lowest = Math.min(ea + eb, ec);
  const e0 = Math.min(lowest, Math.max(lowest - 56, -1076));
  const exact = at(ma * mb, ea + eb, e0) + at(mc, ec, e0);
  if (exact === 0n) {
    const productNegative = a * b < 0 || Object.is(a * b, -0);
    return productNegative && Object.is(c, -0) ? -0 : 0;
  }
  const negative = exact < 0n;
  const mag = negative ? -exact : exact;
  // Estimate from the top 64 bits, then search the neighbourhood exactly.
  const len = mag.toString(2).length;
  const topBits = len > 64 ? mag >> BigInt(len - 64) : mag;
  let estimate = Number(topBits);
  let scale = e0 + (len > 64 ? len - 64 : 0);
  while (scale > 1000) {
    estimate *= 2 ** 1000;
    scale -= 1000;
  }
  while (scale < -1000) {
    estimate *= 2 ** -1000;
    scale += 1000;
  }
  estimate *= 2 ** scale;
  // Walk to the adjacent doubles lo <= |exact| < lo + 1 (as bit patterns), then take the nearer.
  const INF = 0x7ff0000000000000n;
  const valueOf = (bits: bigint): bigint =>
    bits === INF ? 1n << BigInt(1024 - e0) : candidateValue(bits, e0);
  let lo = estimate === Infinity ? INF : bitsOf(estimate);
  let vLo = valueOf(lo);
  while (lo > 0n && vLo > mag) vLo = valueOf(--lo);
  let vHi = lo === INF ? vLo : valueOf(lo + 1n);
  while (lo < INF && vHi <= mag) {
    lo++;
    vLo = vHi;
    vHi = lo === INF ? vLo : valueOf(lo + 1n);
  }
  let best = lo;
  if (vLo !== mag && lo !== INF) {
    const below = mag - vLo;
    const above = vHi - mag;
    if (above < below || (above === below && (lo & 1n) === 1n)) best = lo + 1n;
  }
  const result = fromBits(best);
  return negative ? -result : result;
}

function candidateValue(bits: bigint, e0: number): bigint {
  const [m, e] = split(fromBits(bits));
  return at(m, e, e0);
}

/** xoshiro128** (seeded, deterministic) for the fma inputs. */
function makeRandom(seed: number): () => number {
  let s0 = seed | 0;
  let s1 = 0x9e3779b9;
  let s2 = 0x243f6a88;
  let s3 = 0xb7e15162;
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result >>> 0;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A double with `bits` significant bits (1..53), exponent e, random sign. */
function randomDouble(rnd: () => number, bits: number, e: number): number {
  const hi = rnd() & 0xfffff;
  const lo = rnd();
  let m = (hi | 0x100000) * 4294967296 + lo; // 53 bits, leading bit set
  m = Math.floor(m / 2 ** (53 - bits)) * 2 ** (53 - bits);
  const sign = rnd() & 1 ? -1 : 1;
  return sign * (m * 2 ** -52) * 2 ** e; // two steps, so that subnormal results do not flush to 0
}

function randomInt(rnd: () => number, lo: number, hi: number): number {
  return lo + (rnd() % (hi - lo + 1));
}

describe('fma', () => {
  const check = (a: number, b: number, c: number, failures: string[]): void => {
    const got = fma(a, b, c);
    const want = referenceFma(a, b, c);
    if (!Object.is(got, want) && failures.length < 10) {
      failures.push(`fma(${a}, ${b}, ${c}) = ${got}, exact ${want}`);
    }
  };

  it('agrees with the exact reference on random operands, ties and cancellations', () => {
    const rnd = makeRandom(1);
    const failures: string[] = [];
    let n = 0;
    for (let i = 0; i < 400_000; i++) {
      // Full significands, c from far below the product's last bit to above its leading bit.
      const ea = randomInt(rnd, -80, 80);
      const eb = randomInt(rnd, -80, 80);
      const a = randomDouble(rnd, 53, ea);
      const b = randomDouble(rnd, 53, eb);
      check(a, b, randomDouble(rnd, 53, ea + eb + randomInt(rnd, -120, 4)), failures);
      // Short significands: exact products and sums that land on ties.
      const a2 = randomDouble(rnd, randomInt(rnd, 1, 27), ea);
      const b2 = randomDouble(rnd, randomInt(rnd, 1, 27), eb);
      const c2 = randomDouble(rnd, randomInt(rnd, 1, 53), ea + eb + randomInt(rnd, -60, 2));
      check(a2, b2, c2, failures);
      // c far below the product's last bit: only its sticky effect counts
      check(a2, b2, randomDouble(rnd, 1, ea + eb - randomInt(rnd, 54, 200)), failures);
      // Cancellation: c next to -fl(a*b), leaving the product's rounding error and a few ulps.
      const p = a * b;
      const c = fromBits(bitsOf(-p) + BigInt(randomInt(rnd, -4, 4)));
      check(a, b, c, failures);
      n += 4;
    }
    expect(failures).toEqual([]);
    expect(n).toBe(1_600_000);
  });

  it('agrees with the exact reference near underflow and on subnormal results', () => {
    const rnd = makeRandom(2);
    const failures: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const ea = randomInt(rnd, -560, -400);
      const eb = randomInt(rnd, -1000, -400) - ea;
      const a = randomDouble(rnd, 53, ea);
      const b = randomDouble(rnd, 53, Math.max(eb, -1070));
      const p = a * b;
      check(a, b, fromBits(bitsOf(-p) + BigInt(randomInt(rnd, -3, 3))), failures);
      check(a, b, randomDouble(rnd, randomInt(rnd, 1, 53), randomInt(rnd, -1074, -1000)), failures);
      // Inside the fast path's range, (1 + i*2^-52)(1 + j*2^-52) leaves i*j*2^-104 after
      // cancelling fl(a*b): subnormal for small i*j.
      const e1 = randomInt(rnd, -480, -465);
      const a2 = (1 + randomInt(rnd, 1, 1 << 20) * 2 ** -52) * 2 ** e1 * (rnd() & 1 ? -1 : 1);
      const e2 = randomInt(rnd, -960, -930) - e1;
      const b2 = (1 + randomInt(rnd, 1, 1 << 20) * 2 ** -52) * 2 ** e2;
      const p2 = a2 * b2;
      check(a2, b2, -p2, failures);
      check(a2, b2, fromBits(bitsOf(-p2) + BigInt(randomInt(rnd, -2, 2))), failures);
    }
    expect(failures).toEqual([]);
  });

  it('agrees with the exact reference over the whole exponent range (slow path)', () => {
    const rnd = makeRandom(3);
    const failures: string[] = [];
    const anyDouble = (): number => {
      const x = fromBits((BigInt(rnd()) << 32n) | BigInt(rnd()));
      return Number.isFinite(x) ? x : 1;
    };
    for (let i = 0; i < 100_000; i++) {
      const a = anyDouble();
      const b = anyDouble();
      check(a, b, anyDouble(), failures);
      check(a, b, -(a * b), failures);
      check(a, 2 ** randomInt(rnd, -1074, 1023) * (rnd() / 2 ** 32 + 1), anyDouble(), failures);
    }
    expect(failures).toEqual([]);
  });

  it('follows IEEE 754 for zeros, infinities, NaN and overflow', () => {
    const max = Number.MAX_VALUE;
    expect(fma(max, 2, -max)).toBe(max);
    expect(fma(max, 2, -Infinity)).toBe(-Infinity);
    expect(fma(max, 2, 0)).toBe(Infinity);
    expect(fma(-max, 2, 0)).toBe(-Infinity);
    expect(fma(Infinity, 0, 1)).toBeNaN();
    expect(fma(Infinity, 2, -Infinity)).toBeNaN();
    expect(fma(Infinity, 2, 1)).toBe(Infinity);
    expect(fma(NaN, 1, 1)).toBeNaN();
    expect(fma(1, 1, NaN)).toBeNaN();
    expect(Object.is(fma(1, 1, -1), 0)).toBe(true);
    expect(Object.is(fma(0, 5, -0), 0)).toBe(true);
    expect(Object.is(fma(-0, 5, -0), -0)).toBe(true);
    expect(Object.is(fma(2 ** -600, 2 ** -600, 0), 0)).toBe(true);
    expect(Object.is(fma(-(2 ** -600), 2 ** -600, 0), -0)).toBe(true);
    expect(fma(2 ** -537, 2 ** -537, 0)).toBe(2 ** -1074);
    expect(fma(2 ** -538, 2 ** -537, 0)).toBe(0); // 2^-1075: a tie, to the even 0
    expect(fma(2 ** -538, 2 ** -537, 2 ** -1074)).toBe(2 ** -1073); // 1.5 * 2^-1074: tie, to even
    expect(fma(1 + 2 ** -52, 1 + 2 ** -52, -1)).toBe(2 ** -51 + 2 ** -104);
  });
});

// ---------------------------------------------------------------------------------------------
// The shortcuts glibcExpFma and glibcLog1pFma take instead of calling fma() at every step. A wrong
// shortcut would show in the libm comparison only for rare arguments, so test them head-on, with
// fma() (checked above) as the oracle, on sums built to sit on or next to rounding boundaries.

/** Exact error of p = fl(a*b), from fma. */
function productError(a: number, b: number, p: number): number {
  return fma(a, b, -p);
}

/** (a, b, c) triples: c dominating, the product dominating, and sums next to ties. */
function* fusedStepCases(seed: number, count: number): Generator<[number, number, number]> {
  const rnd = makeRandom(seed);
  for (let i = 0; i < count; i++) {
    const ea = randomInt(rnd, -30, 30);
    const a = randomDouble(rnd, 53, ea);
    switch (i % 6) {
      case 0: {
        // c dominates, as in exp and in log1p's LP2 + z*LP3
        const b = randomDouble(rnd, 53, randomInt(rnd, -30, 30));
        yield [a, b, randomDouble(rnd, 53, ea + randomInt(rnd, -30, 30) + randomInt(rnd, 1, 40))];
        break;
      }
      case 1: {
        // the product dominates, as in log1p's c + k*LN2_LO
        const b = randomDouble(rnd, 53, randomInt(rnd, -30, 30));
        const p = a * b;
        yield [a, b, p * randomDouble(rnd, 53, -randomInt(rnd, 1, 60))];
        break;
      }
      case 2: {
        // c + p lands on or next to a midpoint of c's binade: c = 1, p ~ 2^-53 or 3 * 2^-53
        const odd = randomInt(rnd, 0, 1) * 2 + 1;
        const target = odd * 2 ** -53 * (1 + randomInt(rnd, -8, 8) * 2 ** -52);
        const b = target / a;
        yield [a, b, rnd() & 1 ? 1 : -1];
        break;
      }
      case 3: {
        // short significands: exact sums that are ties, the product's error breaking them
        const a2 = randomDouble(rnd, randomInt(rnd, 1, 30), ea);
        const b = randomDouble(rnd, randomInt(rnd, 1, 30), randomInt(rnd, -30, 30));
        const p = a2 * b;
        const c = fromBits(bitsOf(p) + BigInt(randomInt(rnd, -3, 3))) * 2 ** randomInt(rnd, -1, 54);
        yield [a2, b, c];
        break;
      }
      case 4: {
        // cancellation
        const b = randomDouble(rnd, 53, randomInt(rnd, -30, 30));
        yield [a, b, fromBits(bitsOf(-(a * b)) + BigInt(randomInt(rnd, -20, 20)))];
        break;
      }
      default: {
        // c + p a tie that rounds to the power of two c, while the product's error may push
        // the exact sum past the midpoint below it, which is only a quarter ulp of c away
        const c = 2 ** randomInt(rnd, -20, 20) * (rnd() & 1 ? -1 : 1);
        const target = -c * 2 ** -54;
        let b = target / a;
        for (let d = -3n; d <= 3n && a * b !== target; d++) b = fromBits(bitsOf(target / a) + d);
        yield [a, b, c];
      }
    }
  }
}

describe('shortcuts to the fused result', () => {
  it('fusedMatchesUnfused says yes only when fl(c + fl(a*b)) is fma(a, b, c)', () => {
    const wrong: string[] = [];
    let yesBound = 0;
    let yesExact = 0;
    let cases = 0;
    for (const [a, b, c] of fusedStepCases(11, 300_000)) {
      const p = a * b;
      const plain = c + p;
      const fused = fma(a, b, c);
      cases++;
      for (const pl of [0, productError(a, b, p)]) {
        if (!fusedMatchesUnfused(c, p, pl)) continue;
        if (pl === 0) yesBound++;
        else yesExact++;
        if (!Object.is(plain, fused) && wrong.length < 10) {
          wrong.push(`a=${a} b=${b} c=${c} pl=${pl}: plain ${plain}, fused ${fused}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Not vacuous: many steps pass, with the bound and with the exact error (pl = 0 counts
    // as a bound, so exact products count there).
    expect(yesBound).toBeGreaterThan(cases / 3);
    expect(yesExact).toBeGreaterThan(cases / 3);
  });

  it('fusedSum gives fma(a, b, c) or NaN, and NaN rarely', () => {
    const wrong: string[] = [];
    let unsettled = 0;
    let cases = 0;
    let i = 0;
    for (const [a, b, c] of fusedStepCases(12, 300_000)) {
      const p = a * b;
      const s = c + p;
      const t = s - c;
      const e = c - (s - t) + (p - t);
      const got = fusedSum(s, e, productError(a, b, p));
      // The power-of-two ties built to defeat rounding twice mostly answer NaN, rightly.
      const counted = i++ % 6 !== 5;
      if (counted) cases++;
      if (got !== got) {
        if (counted) unsettled++;
      } else if (!Object.is(got, fma(a, b, c)) && wrong.length < 10) {
        wrong.push(`a=${a} b=${b} c=${c}: fusedSum ${got}, fma ${fma(a, b, c)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(unsettled).toBeLessThan(cases / 100);
  });
});
