import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const WORLD = join(import.meta.dirname, '../../src/world');
const files = readdirSync(WORLD).filter((name) => name.endsWith('.ts'));

describe('src/world', () => {
  it('reads no ambient randomness or wall clock', () => {
    const offenders = files.filter((file) => /Math\.random|Date\.now|new Date\b|performance\.now/.test(readFileSync(join(WORLD, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('imports only rng, sim, domain, the scenario types and the shared error base', () => {
    const allowed = /^(\.\/[a-z0-9-]+\.js|\.\.\/(rng|sim|domain|scenario)\/index\.js|\.\.\/errors\.js)$/;
    const imports = files.flatMap((file) =>
      [...readFileSync(join(WORLD, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => `${file}: ${m[1]}`));
    expect(imports.filter((line) => !allowed.test(line.split(': ')[1]))).toEqual([]);
  });
});
