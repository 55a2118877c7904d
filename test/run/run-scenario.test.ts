import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';

const ROOT = join(import.meta.dirname, '../..');
const QUICKSTART = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8');

/** quickstart's world, traffic and market with policies that need no model file. */
function scenario(extra = '') {
  const text = QUICKSTART.slice(0, QUICKSTART.indexOf('\npolicies:')) + `
policies:
  - name: bid-everything
    kind: bid-everything
    pricing: { rule: fixed, cpm: 1.5 }
  - name: oracle
    kind: oracle
    pricing: { rule: expected-value, margin: 0.1, shading: 0.85 }
  - name: oracle-twin
    kind: oracle
    pricing: { rule: expected-value, margin: 0.1, shading: 0.85 }
comparison:
  baseline: bid-everything
${extra}`;
  return parseScenario(text, join(ROOT, 'scenarios/quickstart-test.yaml'));
}

const N = 60_000;

describe('runScenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bidlab-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives byte-identical summaries and events for the same seed, and others for another seed', async () => {
    const s = scenario();
    const a = await runScenario(s, { maxOpportunities: N, eventsPath: join(dir, 'a.arrow') });
    const b = await runScenario(s, { maxOpportunities: N, eventsPath: join(dir, 'b.arrow') });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(readFileSync(join(dir, 'b.arrow')).equals(readFileSync(join(dir, 'a.arrow')))).toBe(true);
    const c = await runScenario(s, { maxOpportunities: N, seed: s.seed + 1 });
    expect(JSON.stringify(c.policies)).not.toBe(JSON.stringify(a.policies));
  });

  it('gives two policies with the same settings identical metrics (common random numbers)', async () => {
    const r = await runScenario(scenario(), { maxOpportunities: N });
    const [, oracle, twin] = r.policies;
    expect({ ...twin, name: 'x' }).toEqual({ ...oracle, name: 'x' });
    expect(oracle!.wins).toBeGreaterThan(0);
  });

  it('the oracle spends less than bid-everything and ranks conversions well', async () => {
    const r = await runScenario(scenario(), { maxOpportunities: N });
    const [all, oracle] = r.policies;
    expect(all!.bids).toBeGreaterThan(oracle!.bids);
    expect(oracle!.savings!.avoidedShare).toBeGreaterThan(0.5);
    expect(oracle!.quality!.auc).toBeGreaterThan(0.7);
  });
});
