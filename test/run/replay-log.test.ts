import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLogWriter, readLog } from '../../src/io/log/index.js';
import { fitMarketModel } from '../../src/run/fit-market-model.js';
import { recordLog, type RecordSummary } from '../../src/run/record-log.js';
import { replayLog } from '../../src/run/replay-log.js';
import { loadScenario, type Scenario } from '../../src/scenario/index.js';
import { MarketPriceModel } from '../../src/replay/index.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';

const SCENARIO = join(import.meta.dirname, '../../scenarios/replay-fidelity.yaml');
const RECORDS = 60_000;

let dir: string;
let scenario: Scenario;
let log: string;
let recorded: RecordSummary;
let market: MarketPriceModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bidlab-replay-'));
  scenario = await loadScenario(SCENARIO);
  log = join(dir, 'log.ndjson');
  const writer = await openLogWriter(log);
  recorded = await recordLog(scenario, writer, { policy: 'champion', maxOpportunities: RECORDS });
  await writer.close();
  market = await fitMarketModel(scenario, readLog(log));
}, 120_000);

afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('bidlab record', () => {
  it('writes the same bytes for the same scenario, seed and options, and others for another seed', async () => {
    const write = async (name: string, seed?: number) => {
      const w = await openLogWriter(join(dir, name));
      await recordLog(scenario, w, { explore: 0.3, maxOpportunities: 5_000, ...(seed ? { seed } : {}) });
      await w.close();
      return readFile(join(dir, name));
    };
    const [a, b, c] = [await write('a.ndjson'), await write('b.ndjson'), await write('c.ndjson', 99)];
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  }, 60_000);

  it('with --explore-seed, logs the same world under other exploration draws', async () => {
    const records = async (name: string, exploreSeed?: number) => {
      const w = await openLogWriter(join(dir, name));
      await recordLog(scenario, w, { explore: 0.5, maxOpportunities: 5_000, ...(exploreSeed === undefined ? {} : { exploreSeed }) });
      await w.close();
      const out = [];
      for await (const item of readLog(join(dir, name))) if (item.kind === 'record') out.push(item.record);
      return out;
    };
    const [base, other] = [await records('base.ndjson'), await records('other.ndjson', 1)];
    expect(other.length).toBe(base.length);
    // The world is the same: every request, and every floor.
    expect(other.map((r) => JSON.stringify(r.request))).toEqual(base.map((r) => JSON.stringify(r.request)));
    expect(other.map((r) => r.market.floorCpm)).toEqual(base.map((r) => r.market.floorCpm));
    // The logger's draws are not: among explored users about half the actions change.
    const explored = base.filter((r, i) => r.decision.propensity !== 1 || other[i]!.decision.propensity !== 1);
    const changed = explored.filter((r) => other.find((o) => o.opportunityId === r.opportunityId)!.decision.priceCpm !== r.decision.priceCpm);
    expect(explored.length).toBeGreaterThan(100);
    expect(changed.length / explored.length).toBeGreaterThan(0.2);
    const bad = await openLogWriter(join(dir, 'bad.ndjson'));
    await expect(recordLog(scenario, bad, { explore: 0.5, exploreSeed: 1.5, maxOpportunities: 10 })).rejects.toThrow(/explore seed must be a non-negative integer, got 1.5/);
    await bad.abort();
  }, 60_000);
});

describe('log replay', () => {
  it('replaying the logging policy on its own log reproduces what was logged exactly', async () => {
    const s = await replayLog(scenario, readLog(log), { outcomes: 'logged', marketModel: market, policies: ['champion'], sourceName: log });
    const p = s.policies[0]!;
    expect(s.records).toBe(RECORDS);
    expect(p.bids).toBe(recorded.bids);
    expect(p.wins).toBe(recorded.wins);
    expect(p.spend).toBeCloseTo(recorded.spend, 9);
    expect(p.conversions).toBe(recorded.conversions);
    expect(p.unobservedWins).toBe(0);
    expect(recorded.conversions).toBeGreaterThan(0);
  }, 60_000);

  it('a policy that wins what the logger lost is told apart, and each mode says what it means', async () => {
    const s = await replayLog(scenario, readLog(log), { outcomes: 'logged', marketModel: market, policies: ['bid-everything'], sourceName: log });
    const p = s.policies[0]!;
    expect(p.unobservedWins).toBeGreaterThan(0);
    expect(p.unobservedSpendShare).toBeGreaterThan(0);
    expect(p.unobservedSpendShare).toBeLessThan(1);
    expect(s.outcomesMeaning).toMatch(/observed outcomes only/);
    expect(s.market['logged-price'] + s.market['min-to-win'] + s.market.model).toBe(RECORDS);
  }, 60_000);

  it('fits the market model by the logging policy\'s score too, and refuses a model scored by a policy the scenario lacks', async () => {
    expect(market.scores?.policy).toBe('champion');
    expect(market.scores!.cells.flat().some((c) => c !== null)).toBe(true);
    const json = market.toJson();
    const stranger = MarketPriceModel.fromJson({ ...json, scorePolicy: 'someone-else' }, 'market.json');
    await expect(replayLog(scenario, readLog(log), { outcomes: 'logged', marketModel: stranger, policies: ['champion'], sourceName: log }))
      .rejects.toThrow(/bands prices by the score of policy 'someone-else'/);
  }, 60_000);

  it('is deterministic: the same log, scenario and models give the same summary', async () => {
    const once = await replayLog(scenario, readLog(log), { outcomes: 'logged', marketModel: market, sourceName: log });
    const twice = await replayLog(scenario, readLog(log), { outcomes: 'logged', marketModel: market, sourceName: log });
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
  }, 60_000);

  it('refuses an off-policy mode on a log whose logger did not randomise', async () => {
    await expect(replayLog(scenario, readLog(log), { outcomes: 'ips', marketModel: market, sourceName: log }))
      .rejects.toMatchObject({ code: 'REPLAY_NO_PROPENSITY' });
  });

  it('an off-policy replay replays the logging policy itself, which alone knows the bid it explored away from', async () => {
    const grid = [0.5, 1, 2, 4, 8];
    const record = async (policy: string) => {
      const path = join(dir, `explored-by-${policy}.ndjson`);
      const writer = await openLogWriter(path);
      await recordLog(scenario, writer, { policy, explore: 0.5, bidGrid: grid, maxOpportunities: 10_000 });
      await writer.close();
      return path;
    };
    const byChampion = await record('champion');
    const options = { outcomes: 'ips', marketModel: market, bidGrid: grid, sourceName: byChampion } as const;
    // The champion logged, so the challenger alone can be evaluated: the replay runs the logger beside it.
    const alone = await replayLog(scenario, readLog(byChampion), { ...options, policies: ['challenger'] });
    const paired = await replayLog(scenario, readLog(byChampion), { ...options, policies: ['champion', 'challenger'] });
    const challenger = (s: typeof alone) => s.policies.find((p) => p.name === 'challenger')!.offPolicy!;
    expect(challenger(alone).matched).toBeGreaterThan(0);
    expect(JSON.stringify(challenger(alone))).toBe(JSON.stringify(challenger(paired)));
    // A log another policy wrote cannot tell the replay that policy's greedy bids.
    const byChallenger = await record('challenger');
    await expect(replayLog(scenario, readLog(byChallenger), { ...options, sourceName: byChallenger }))
      .rejects.toMatchObject({ code: 'REPLAY_OPTIONS', message: expect.stringMatching(/logger \('challenger'\) explored away from its own bid/) });
  }, 120_000);

  it('refuses the model modes without an outcome model, and leaves the oracle out', async () => {
    await expect(replayLog(scenario, readLog(log), { outcomes: 'dr', marketModel: market, sourceName: log }))
      .rejects.toMatchObject({ code: 'REPLAY_OPTIONS' });
    const s = await replayLog(scenario, readLog(log), { outcomes: 'logged', marketModel: market, sourceName: log });
    expect(s.policies.map((p) => p.kind)).not.toContain('oracle');
  }, 60_000);

  it('dead-letters bad records with their line, and fails past --max-bad-records', async () => {
    const lines = (await readFile(log, 'utf8')).split('\n').slice(0, 2_000);
    lines[10] = '{"schemaVersion":1,"opportunityId":"ten"}';
    lines[20] = 'not json';
    lines[30] = lines[30]!.replace('"schemaVersion":1', '"schemaVersion":9');
    const broken = join(dir, 'broken.ndjson');
    await writeFile(broken, `${lines.filter((l) => l !== '').join('\n')}\n`);
    const dead = join(dir, 'dead.ndjson');
    const s = await replayLog(scenario, readLog(broken), { outcomes: 'logged', marketModel: market, sourceName: broken, deadLetterPath: dead, maxBadRecords: 3 });
    expect(s.badRecords).toBe(3);
    expect(s.records).toBe(1_997);
    const letters = (await readFile(dead, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { where: string; code: string });
    expect(letters.map((l) => l.where)).toEqual([`${broken}:11`, `${broken}:21`, `${broken}:31`]);
    expect(letters.map((l) => l.code)).toEqual(['LOG_FIELD', 'LOG_JSON', 'LOG_SCHEMA_VERSION']);
    await expect(replayLog(scenario, readLog(broken), { outcomes: 'logged', marketModel: market, sourceName: broken, deadLetterPath: dead, maxBadRecords: 2 }))
      .rejects.toMatchObject({ code: 'REPLAY_TOO_MANY_BAD', message: expect.stringContaining(`${broken}:31`) });
  }, 60_000);

  it('bidlab compare --source puts the challenger beside the champion, and says what rests on unobserved outcomes', async () => {
    await ensureBuilt();
    const r = await runCli(['compare', SCENARIO, '--source', `file:${log}`, '--out', join(dir, 'compare')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/challenger against champion on file:.*\(60000 records\)/);
    expect(r.stdout).toMatch(/^profit +\$[\d.]+ +\$[\d.]+ +[+-]\$[\d.]+$/m);
    expect(r.stdout).toMatch(/unobserved wins rest [\d.]+% \(champion\) and [\d.]+% \(challenger\)/);
    const summary = JSON.parse(await readFile(join(dir, 'compare/replay.json'), 'utf8')) as { policies: Array<{ name: string }> };
    expect(summary.policies.map((p) => p.name)).toEqual(['champion', 'challenger', 'bid-everything']);
  }, 120_000);
});
