/**
 * `JSON.parse`, also accepting the bare `NaN`, `Infinity` and `-Infinity` that Python's
 * `json.dumps` writes for non-finite floats by default. They come back as the strings "NaN",
 * "Infinity", "-Infinity", which the NDJSON reader maps to numbers like any such string. The
 * rewrite only runs after a failed parse, so valid JSON pays nothing; a line that still fails
 * reports the original error.
 */
export function parseJsonLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
    try {
      return JSON.parse(quoteNonFinite(text));
    } catch {
      throw error;
    }
  }
}

const TOKENS = ['-Infinity', 'Infinity', 'NaN'];

function quoteNonFinite(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    for (const token of TOKENS) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(from, i)}"${token}"`;
        i += token.length - 1;
        from = i + 1;
        break;
      }
    }
  }
  return out + text.slice(from);
}
