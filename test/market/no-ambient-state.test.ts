import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MARKET = join(import.meta.dirname, '../../src/market');

describe('src/market', () => {
  it('reads no ambient randomness or wall clock, and imports only rng, domain, scenario types and errors', () => {
    const files = readdirSync(MARKET).filter((name) => name.endsWith('.ts'));
    const offenders = files.filter((name) => /Math\.random|Date\.now|new Date\b|performance\.now/.test(readFileSync(join(MARKET, name), 'utf8')));
    expect(offenders).toEqual([]);
    for (const name of files) {
      const text = readFileSync(join(MARKET, name), 'utf8');
      for (const [, spec] of text.matchAll(/from '([^']+)'/g)) {
        if (spec.startsWith('../scenario/')) expect(text, `${name} imports scenario values`).toMatch(new RegExp(`import type [^;]+'${spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`));
        else expect(spec, name).toMatch(/^(\.\/|\.\.\/(rng|domain)\/|\.\.\/errors\.js$)/);
      }
    }
  });
});
