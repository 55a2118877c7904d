const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/** Milliseconds of a k6 duration string ('500ms', '30s', '2m', '1h30m'), or NaN when it is not one. */
export function parseDuration(text: string): number {
  if (text.length === 0) return NaN;
  PART.lastIndex = 0;
  let ms = 0;
  while (PART.lastIndex < text.length) {
    const m = PART.exec(text);
    if (!m) return NaN;
    ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return ms;
}
