import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../src/engine/index.js';
import { ensureBuilt, runCli, runPython } from '../helpers/cli.js';

let dir = '';

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'bidlab-generate-cli-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('bidlab generate', () => {
  it('writes a training set and says how many rows and positives on stderr', async () => {
    const out = join(dir, 'train.arrow');
    const r = await runCli(['generate', 'scenarios/quickstart.yaml', '--kind', 'training', '--out', out, '--max-rows', '5000', '--seed', '3']);
    expect(r.stderr).toMatch(/^bidlab generate: 5000 rows \(matched users of \d+ opportunities\), \d+ positives \(\d+\.\d\d%\) → .*train\.arrow in [\d.]+ s\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const columns = JSON.parse(await runPython(['-c', 'import json, sys, pandas as pd; d = pd.read_feather(sys.argv[1]); print(json.dumps([list(d.columns), len(d)]))', out])) as [string[], number];
    expect(columns).toEqual([[...FEATURE_NAMES, 'converted', 'revenue', 'true_p_conversion', 'campaign', 'opportunity_id'], 5000]);
  });

  it('refuses another kind with a usage error (exit 2) and writes nothing', async () => {
    const out = join(dir, 'other.arrow');
    const r = await runCli(['generate', 'scenarios/quickstart.yaml', '--kind', 'other', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kind/);
    expect(r.stderr).toMatch(/training/);
    expect(existsSync(out)).toBe(false);
  });

  it('requires --kind and --out', async () => {
    const r = await runCli(['generate', 'scenarios/quickstart.yaml', '--out', join(dir, 'x.arrow')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kind/);
    expect((await runCli(['generate', 'scenarios/quickstart.yaml', '--kind', 'training'])).code).toBe(2);
  });

  it('names a scenario it cannot read', async () => {
    const r = await runCli(['generate', join(dir, 'missing.yaml'), '--kind', 'training', '--out', join(dir, 'y.arrow')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SCENARIO_READ/);
  });
});
