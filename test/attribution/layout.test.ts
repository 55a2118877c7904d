import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../src/attribution');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('src/attribution', () => {
  it('reads no ambient randomness or wall clock', () => {
    const offenders = files.filter((f) => /Math\.random|Date\.now|new Date\b|performance\.now/.test(readFileSync(join(DIR, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('imports only rng, sim, domain, scenario (types) and the shared errors', () => {
    const imports = files.flatMap((f) => [...readFileSync(join(DIR, f), 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)].map((m) => m[1]));
    const outside = imports.filter((path) => !/^\.\.\/(rng|sim|domain|scenario)\/index\.js$|^\.\.\/errors\.js$/.test(path));
    expect(outside).toEqual([]);
  });
});
