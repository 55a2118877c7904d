import type { Cell } from './feature-table.js';
import { parseSpecialFloat } from './parse-special-float.js';

/**
 * Types one CSV cell the way pandas reads what pandas and numpy write: empty → null, a float
 * literal → the correctly rounded double (sign of `-0.0` kept), `nan`/`inf` spellings → NaN/±Inf,
 * `True`/`False` (how pandas writes a bool column; any letter case) → 1/0, as Arrow and JSON
 * booleans are read; anything else → the text itself (a category name). Spaces or tabs around a
 * number are ignored, as pandas and Python's `float()` do.
 */
export function parseCsvCell(text: string): Cell {
  const n = text.length;
  if (n === 0) return null;
  const simple = parseSimpleDecimal(text, 0, n);
  if (simple === simple) return simple;
  // `Number` is correctly rounded and fast, but it also accepts what is not a float literal: blank
  // or padded text, `0x`/`0o`/`0b` prefixes, `Infinity`. Its answer is kept only when the text has
  // no outer blanks and no prefix (the second character of a float literal is never a letter
  // x, o or b); anything else takes the careful path.
  const value = Number(text);
  if (value === value) {
    const first = text.charCodeAt(0);
    const last = text.charCodeAt(n - 1);
    if (first > 32 && first < 127 && last > 32 && last < 127) {
      const second = n > 1 ? text.charCodeAt(1) | 32 : 0;
      return second === 120 || second === 111 || second === 98 ? text : value;
    }
  }
  return parseSpecialFloat(text) ?? parseBoolean(text) ?? parsePadded(text) ?? text;
}

function parseBoolean(text: string): number | undefined {
  if (text.length !== 4 && text.length !== 5) return undefined;
  const lower = text.toLowerCase();
  return lower === 'true' ? 1 : lower === 'false' ? 0 : undefined;
}

/** Exact powers of ten: every one up to 1e22 is a double. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The common cell, `text[start, end)`, without leaving JS or cutting a substring (`Number` is a
 * runtime call on a new string): an optionally negative decimal of at most 15 digits and no
 * exponent. Then the digits are an exact integer below 2^53 and the power of ten is exact, so one
 * division is correctly rounded (Clinger's fast path). NaN means "not this case", never a value;
 * `parseCsvCell` handles the rest.
 */
export function parseSimpleDecimal(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  let digits = 0;
  let mantissa = 0;
  let dot = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 && dot < 0) {
      dot = i;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = dot < 0 ? mantissa : mantissa / POW10[end - 1 - dot];
  return negative ? -value : value;
}

/** A number with spaces or tabs around it, as in ` 1.5`; `undefined` for anything else. */
function parsePadded(text: string): number | undefined {
  const inner = text.replace(/^[ \t]+|[ \t]+$/g, '');
  if (inner.length === 0 || inner.length === text.length) return undefined;
  if (!/^[0-9.eE+-]+$/.test(inner)) return parseSpecialFloat(inner);
  const value = Number(inner);
  return value === value ? value : undefined;
}
