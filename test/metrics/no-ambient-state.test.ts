import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

describe('statistics and reports read no ambient randomness or wall clock', () => {
  // The bootstrap must be reproducible from its seed and the reports from their input, so the
  // report's createdAt comes from the CLI.
  it.each(['metrics', 'report'])('src/%s has no Math.random, Date.now, new Date or performance.now', (folder) => {
    const offenders = readdirSync(join(SRC, folder)).filter((name) => name.endsWith('.ts'))
      .filter((name) => /Math\.random|Date\.now|new Date\b|performance\.now/.test(readFileSync(join(SRC, folder, name), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
