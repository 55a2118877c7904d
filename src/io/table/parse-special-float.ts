/**
 * The non-finite spellings that Python, numpy (`repr`, `savetxt`), R and C `printf` write, case
 * insensitive with an optional sign: `nan`, `inf`, `infinity`. Returns `undefined` for anything else.
 * `NA`, `NULL` and friends are deliberately not here: they are also plausible category names.
 */
export function parseSpecialFloat(text: string): number | undefined {
  const n = text.length;
  if (n < 3 || n > 9) return undefined;
  let sign = 1;
  let body = text;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    if (first === 45) sign = -1;
    body = text.slice(1);
  }
  switch (body.toLowerCase()) {
    case 'nan':
      return NaN;
    case 'inf':
    case 'infinity':
      return sign * Infinity;
    default:
      return undefined;
  }
}
