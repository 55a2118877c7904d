import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []);
}

describe('the simulation core reads no ambient randomness or wall clock', () => {
  it.each(['rng', 'sim'])('src/%s has no Math.random, Date.now, new Date or performance.now', (folder) => {
    const offenders = sources(join(SRC, folder)).filter((file) =>
      /Math\.random|Date\.now|new Date\b|performance\.now/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
