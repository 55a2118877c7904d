import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, runCli, runPython } from '../helpers/cli.js';

/** `bidlab run` as the README's first command uses it: the real process, quickstart's scenario. */
describe('bidlab run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bidlab-run-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(ensureBuilt);

  it('replays quickstart: progress lines, the summary table, summary.json and an events.arrow pandas reads', async () => {
    const out = join(dir, 'quickstart');
    const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    // Not a terminal here: plain progress lines on stderr, the table on stdout.
    expect(r.stderr).toMatch(/\[quickstart\] 100\.0% 200000\/200000/);
    for (const name of ['champion', 'bid-everything', 'oracle']) expect(r.stdout).toMatch(new RegExp(`^${name} `, 'm'));
    expect(r.stdout).toContain(`results: ${out}/summary.json, ${out}/events.arrow`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.opportunities).toBe(200_000);
    const champion = summary.policies.find((p: { name: string }) => p.name === 'champion');
    const rows = JSON.parse(await runPython(['-c', `
import json, sys, pandas as pd
t = pd.read_feather(sys.argv[1])
w = t[(t.policy == 'champion') & t.won]
print(json.dumps({"rows": len(t), "wins": int(len(w)), "spend": float(w.paid_cpm.sum() / 1000)}))`, join(out, 'events.arrow')]));
    expect(rows.wins).toBe(champion.wins);
    expect(rows.spend).toBeCloseTo(champion.spend, 6);
    expect(rows.rows).toBe(3 * summary.matchedOpportunities);
  });

  it('--json prints the summary only; --no-events writes no events file', async () => {
    const out = join(dir, 'json');
    const r = await runCli(['run', 'scenarios/quickstart.yaml', '--out', out, '--json', '--no-events', '--max-opportunities', '20000']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).opportunities).toBe(20_000);
    expect(r.stderr).toBe('');
    expect(existsSync(join(out, 'events.arrow'))).toBe(false);
  });

  it('refuses at start a model whose features are not the engine’s, naming the file', async () => {
    const work = mkdtempSync(join(dir, 'bad-model-'));
    // The parity fixture models have their own feature names, not the engine's.
    copyFileSync(join(ROOT, 'fixtures/models/parity/binary-nan-missing/model.txt'), join(work, 'model.txt'));
    const text = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8').replace('../fixtures/models/champion/model.txt', 'model.txt');
    writeFileSync(join(work, 'scenario.yaml'), text);
    const r = await runCli(['run', join(work, 'scenario.yaml'), '--out', join(work, 'out'), '--max-opportunities', '1000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model\.txt.*(features|FEATURE_NAMES)/);
    expect(existsSync(join(work, 'out', 'summary.json'))).toBe(false);
  });

  it('names the file, line and field of a scenario error', async () => {
    const work = mkdtempSync(join(dir, 'bad-scenario-'));
    const text = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8').replace('dailyBudget: 25', 'dailyBudget: lots');
    writeFileSync(join(work, 'scenario.yaml'), text);
    const r = await runCli(['run', join(work, 'scenario.yaml'), '--out', join(work, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scenario\.yaml:\d+:\d+.*dailyBudget/);
  });
});
