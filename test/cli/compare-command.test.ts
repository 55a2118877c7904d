import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/cli.js';

let dir = '';
const BASE = ['compare', 'scenarios/quickstart.yaml', '--challenger', 'fixtures/models/challenger/model.txt', '--max-opportunities', '30000'];

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'bidlab-compare-cli-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const withoutCreatedAt = (text: string) => text.replace(/\n {2}"createdAt": "[^"]*",/, '');

describe('bidlab compare', () => {
  it('prints the side-by-side table and a PASS, writes the three reports and exits 0 when the gate passes', async () => {
    const out = join(dir, 'pass');
    const r = await runCli([...BASE, '--out', out, '--gate', 'conversions-drop<=100%']);
    expect(r.stderr).toMatch(/seed 1\/1 \[quickstart\]/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +champion +challenger +difference +95% interval$/m);
    expect(r.stdout).toMatch(/^Conversions +\d+ +\d+ /m);
    expect(r.stdout).toMatch(/^oracle +oracle +\d+/m);
    expect(r.stdout).toMatch(/^verdict: PASS$/m);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.gate.verdict).toBe('PASS');
    expect(report.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(report.models.map((m: { path: string }) => m.path)).toEqual(['fixtures/models/champion/model.txt', 'fixtures/models/challenger/model.txt']);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/PASS/);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/<svg/);
  });

  it('exits 3 with the failed rule named when the gate fails', async () => {
    const out = join(dir, 'fail');
    const r = await runCli([...BASE, '--out', out, '--gate', 'conversions-drop<=100%', '--gate', 'ece<=0']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^verdict: FAIL$/m);
    expect(r.stdout).toMatch(/^ {2}- ece<=0: ece [\d.]+ > 0$/m);
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).gate.verdict).toBe('FAIL');
  });

  it('--json prints report.json only, byte-identical for the same seed apart from createdAt', async () => {
    const a = await runCli([...BASE, '--out', join(dir, 'a'), '--json', '--mode', 'split']);
    const b = await runCli([...BASE, '--out', join(dir, 'b'), '--json', '--mode', 'split']);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toBe(await readFile(join(dir, 'a', 'report.json'), 'utf8'));
    expect(JSON.parse(a.stdout).mode).toBe('split');
    expect(withoutCreatedAt(b.stdout)).toBe(withoutCreatedAt(a.stdout));
    expect(withoutCreatedAt(a.stdout)).not.toMatch(/createdAt/);
  });

  it('refuses a malformed gate rule with exit 2 before running, and writes nothing', async () => {
    const out = join(dir, 'bad');
    const r = await runCli([...BASE, '--out', out, '--gate', 'roi-dif>=0@95']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--gate\[0\].*unknown measure 'roi-dif'/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('bidlab compare without a challenger', () => {
  it('says how to name one and exits 2', async () => {
    const r = await runCli(['compare', 'scenarios/quickstart.yaml', '--out', join(dir, 'none')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no challenger.*--challenger <model\.txt>/);
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
});

describe('bidlab sweep', () => {
  it('runs every multiplier as a policy of one run and writes sweep.json', async () => {
    const out = join(dir, 'sweep');
    const r = await runCli(['sweep', 'scenarios/quickstart.yaml', '--policy', 'champion', '--multipliers', '0.25,1,4', '--max-opportunities', '30000', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^×0\.25 /m);
    const sweep = JSON.parse(await readFile(join(out, 'sweep.json'), 'utf8'));
    expect(sweep.points.map((p: { policy: string }) => p.policy)).toEqual(['champion-x0.25', 'champion-x1', 'champion-x4']);
    const [low, , high] = sweep.points;
    expect(low.bids).toBeGreaterThan(0);
    expect(low.avoidedShare).toBeGreaterThan(high.avoidedShare);
    // Higher bids pay more per impression (first price); the budget, not the bid, then limits the wins.
    expect(low.spend / low.wins).toBeLessThan(high.spend / high.wins);
  });
});
