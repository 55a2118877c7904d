/**
 * Number parsing exactly as LightGBM's loader does it, because a different parse of the same text
 * gives a different double and so a different prediction.
 */

const SPECIAL: Record<string, number> = {
  inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
  infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
  nan: NaN, '-nan': NaN, '+nan': NaN,
};

const FLOAT_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Thresholds, leaf values and linear coefficients: LightGBM reads these with a correctly rounded
 * parser (fast_double_parser, falling back to strtod), so JS `Number` gives the same double. The
 * literals `inf`/`nan` that strtod accepts are mapped by hand since `Number("inf")` is NaN.
 * Returns undefined for text that is not a number.
 */
export function parsePreciseDouble(text: string): number | undefined {
  if (FLOAT_LITERAL.test(text)) return Number(text);
  const special = SPECIAL[text.toLowerCase()];
  return special;
}

/** Integers in the model text (children, features, counts): plain decimal, optionally signed. */
export function parseModelInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const v = Number(text);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** 10^n the way LightGBM's `Common::Pow` computes it: by repeated squaring and cubing, in doubles. */
function lightgbmPow(base: number, power: number): number {
  if (power < 0) return 1.0 / lightgbmPow(base, -power);
  if (power === 0) return 1;
  if (power % 2 === 0) return lightgbmPow(base * base, power / 2);
  if (power % 3 === 0) return lightgbmPow(base * base * base, power / 3);
  return base * lightgbmPow(base, power - 1);
}

/**
 * LightGBM's `Common::Atof`: the integer part and the fraction are accumulated as doubles and the
 * fraction divided by 10^digits. It is not correctly rounded, and LightGBM reads objective
 * parameters such as `sigmoid:0.73519` with it, so exact sigmoid outputs need the same arithmetic.
 * Returns undefined for text LightGBM would reject.
 */
export function parseLightgbmAtof(text: string): number | undefined {
  let p = 0;
  const s = text;
  while (s[p] === ' ') p++;
  let sign = 1.0;
  if (s[p] === '-') { sign = -1.0; p++; } else if (s[p] === '+') p++;
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const c0 = s[p];
  if (!(isDigit(c0) || c0 === '.' || c0 === 'e' || c0 === 'E')) {
    const rest = s.slice(p).toLowerCase();
    if (rest === 'na' || rest === 'nan' || rest === 'null') return NaN;
    // LightGBM maps inf to ±1e308, not to an infinity.
    if (rest === 'inf' || rest === 'infinity') return sign * 1e308;
    return undefined;
  }
  let value = 0.0;
  for (; isDigit(s[p]); p++) value = value * 10.0 + (s.charCodeAt(p) - 48);
  if (s[p] === '.') {
    let right = 0.0;
    let nn = 0;
    p++;
    for (; isDigit(s[p]); p++, nn++) right = (s.charCodeAt(p) - 48) + right * 10.0;
    value += right / lightgbmPow(10.0, nn);
  }
  let frac = false;
  let scale = 1.0;
  if (s[p] === 'e' || s[p] === 'E') {
    p++;
    if (s[p] === '-') { frac = true; p++; } else if (s[p] === '+') p++;
    let expon = 0;
    // uint32 arithmetic, as in C: wraps on absurd exponents instead of overflowing.
    for (; isDigit(s[p]); p++) expon = (Math.imul(expon, 10) + (s.charCodeAt(p) - 48)) >>> 0;
    if (expon > 308) expon = 308;
    while (expon >= 50) { scale *= 1e50; expon -= 50; }
    while (expon >= 8) { scale *= 1e8; expon -= 8; }
    while (expon > 0) { scale *= 10.0; expon -= 1; }
  }
  while (s[p] === ' ') p++;
  if (p !== s.length) return undefined;
  return sign * (frac ? value / scale : value * scale);
}
