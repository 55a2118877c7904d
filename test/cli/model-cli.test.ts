import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Float64, Int32, Int64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRows, ensureBuilt, parseOutput, ROOT, runCli, runPython } from '../helpers/cli.js';

const QUICKSTART = join(ROOT, 'fixtures/models/quickstart');
const QS_MODEL = join(QUICKSTART, 'model.txt');
const QS_ROWS = join(QUICKSTART, 'rows.csv');
const QS_EXPECTED = parseOutput(readFileSync(join(QUICKSTART, 'expected.txt'), 'utf8'));
const PARITY = join(ROOT, 'fixtures/models/parity');

let dir = '';

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'bidlab-cli-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** No JavaScript stack frame leaked to the user. */
function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/\.(js|ts):\d+:\d+/);
}

function expectSameAsExpected(stdout: string, expected: number[][]): void {
  const diff = compareRows(expected, parseOutput(stdout));
  expect(diff.first, `${diff.count} value(s) differ`).toEqual([]);
}

/** Quickstart-like rows (a cheap deterministic generator), `n` of them after the header. */
function quickstartRows(n: number, bad?: { row: number; line: string }): string {
  const apps = ['games', 'shopping', 'finance', 'utilities', 'social', 'travel', 'unseen'];
  let x = 12345;
  const r = () => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648);
  const parts = ['sessions_30d,app_open_rate,days_since_last_open,days_since_last_purchase,installs_90d,app_category\n'];
  for (let i = 1; i <= n; i++) {
    if (bad && i === bad.row) parts.push(`${bad.line}\n`);
    else parts.push(`${Math.floor(r() * 31)},${r()},${r() * 50},${r() * 380},${Math.floor(r() * 12)},${apps[Math.floor(r() * 7)]}\n`);
  }
  return parts.join('');
}

describe('bidlab model inspect', () => {
  it('describes the quickstart model in text: objective, trees, features, the categorical one, a strategy', async () => {
    const r = await runCli(['model', 'inspect', QS_MODEL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^objective\s+binary\b/m);
    expect(r.stdout).toMatch(/^trees\s+40\b/m);
    expect(r.stdout).toMatch(/^features\s+6:/m);
    expect(r.stdout).toMatch(/^\s*5\s+app_category\s+categorical\b/m);
    for (const name of ['sessions_30d', 'app_open_rate', 'days_since_last_open', 'days_since_last_purchase', 'installs_90d']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s*\\d+\\s+${name}\\s+numerical\\b`, 'm'));
    }
    expect(r.stdout).toMatch(/^strategy\s+(interpreter|codegen)\b/m);
  });

  it('--json carries the same facts, and --strategy is honoured', async () => {
    const r = await runCli(['model', 'inspect', QS_MODEL, '--json', '--strategy', 'interpreter']);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.objective).toBe('binary');
    expect(d.trees).toBe(40);
    expect(d.features).toHaveLength(6);
    expect(d.features.map((f: { name: string }) => f.name)).toContain('app_category');
    expect(d.features.find((f: { name: string }) => f.name === 'app_category').kind).toBe('categorical');
    expect(d.features.filter((f: { kind: string }) => f.kind === 'numerical')).toHaveLength(5);
    expect(d.strategy.chosen).toBe('interpreter');
    const auto = JSON.parse((await runCli(['model', 'inspect', QS_MODEL, '--json'])).stdout);
    expect(['interpreter', 'codegen']).toContain(auto.strategy.chosen);
  });
});

describe('bidlab model predict', () => {
  it('reproduces the quickstart expected.txt bit for bit, on stdout and in --output alike', async () => {
    const r = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', QS_ROWS]);
    expect(r.code, r.stderr).toBe(0);
    expectSameAsExpected(r.stdout, QS_EXPECTED);
    for (const strategy of ['interpreter', 'codegen']) {
      const output = join(dir, `quickstart-${strategy}.txt`);
      const f = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', QS_ROWS, '--output', output, '--strategy', strategy]);
      expect(f.code, f.stderr).toBe(0);
      expect(f.stdout, 'nothing on stdout when writing a file').toBe('');
      expect(await readFile(output, 'utf8')).toBe(r.stdout);
      expect(f.stderr).toMatch(/\b12 rows\b/);
    }
  });

  describe('--output is written whole or not at all', () => {
    // 10 000 rows: the input is read in batches of 4096, so a bad row in the second batch comes
    // after a first batch of results has gone to <output>.partial.
    const cases = [
      { what: 'a word in a numeric feature', row: 7000, line: 'lots,0.5,1,2,3,games', code: 'PREDICT_NOT_A_NUMBER', mention: 'sessions_30d' },
      { what: 'a row with too few cells', row: 3000, line: '1,0.5,1,2,games', code: 'TABLE_ROW_WIDTH', mention: 'expected 6 cells, found 5' },
    ];
    for (const c of cases) {
      it(`${c.what} at row ${c.row} of 10000: exit 2 naming file and line, no output, no .partial, an old output untouched`, async () => {
        const input = join(dir, `bad-${c.row}.csv`);
        await writeFile(input, quickstartRows(10_000, c));
        const fresh = join(dir, `fresh-${c.row}.txt`);
        const r1 = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', input, '--output', fresh]);
        expect(r1.code).toBe(2);
        expect(r1.stderr).toContain(`error ${c.code}`);
        // Header is line 1, so data row k is line k + 1.
        expect(r1.stderr).toContain(`${input}:${c.row + 1}`);
        expect(r1.stderr).toContain(c.mention);
        expectNoStack(r1.stderr);
        expect(existsSync(fresh), 'no output file').toBe(false);
        expect(existsSync(`${fresh}.partial`), 'no .partial left behind').toBe(false);

        const old = join(dir, `old-${c.row}.txt`);
        await writeFile(old, 'previous result\n');
        const r2 = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', input, '--output', old]);
        expect(r2.code).toBe(2);
        expect(await readFile(old, 'utf8')).toBe('previous result\n');
        expect(existsSync(`${old}.partial`)).toBe(false);
      });
    }

    it('the same input without the bad row is written completely (the failure above is the row, not the size)', async () => {
      const input = join(dir, 'good.csv');
      await writeFile(input, quickstartRows(10_000));
      const output = join(dir, 'good.txt');
      const r = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', input, '--output', output]);
      expect(r.code, r.stderr).toBe(0);
      expect(parseOutput(await readFile(output, 'utf8'))).toHaveLength(10_000);
      expect(existsSync(`${output}.partial`)).toBe(false);
    });
  });

  it('reads stdin with --input=-', async () => {
    const r = await runCli(['model', 'predict', '--model', QS_MODEL, '--input=-'], { input: readFileSync(QS_ROWS, 'utf8') });
    expect(r.code, r.stderr).toBe(0);
    expectSameAsExpected(r.stdout, QS_EXPECTED);
  });

  // Known bug (reported): yargs takes a lone '-' for a positional argument, so the spelling the
  // option's help suggests fails with "Unknown argument: -". When it is fixed this test fails:
  // turn it into a plain `it`.
  it('reads stdin with --input -', async () => {
    const r = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', '-'], { input: readFileSync(QS_ROWS, 'utf8') });
    expect(r.code, r.stderr).toBe(0);
    expectSameAsExpected(r.stdout, QS_EXPECTED);
  });

  it('refuses a column the model does not know, naming it and --ignore; --ignore makes it pass', async () => {
    const lines = readFileSync(QS_ROWS, 'utf8').trimEnd().split('\n');
    const withLabel = lines.map((l, i) => `${i === 0 ? 'label' : String(i % 2)},${l}`).join('\n') + '\n';
    const input = join(dir, 'with-label.csv');
    await writeFile(input, withLabel);
    const refused = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', input]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("'label'");
    expect(refused.stderr).toContain('--ignore');
    expect(refused.stdout).toBe('');
    expectNoStack(refused.stderr);
    const ignored = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', input, '--ignore', 'label']);
    expect(ignored.code, ignored.stderr).toBe(0);
    expectSameAsExpected(ignored.stdout, QS_EXPECTED);
  });

  it("predicts a model feature the input lacks as missing, as LightGBM does with NaN, and says so", async () => {
    const fixture = join(PARITY, 'binary-nan-missing');
    const rows = readFileSync(join(fixture, 'rows.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    const drop = rows[0]!.indexOf('Column_1');
    expect(drop).toBeGreaterThanOrEqual(0);
    const input = join(dir, 'without-column-1.csv');
    await writeFile(input, rows.map((r) => r.filter((_, j) => j !== drop).join(',')).join('\n') + '\n');
    // LightGBM's answer for the full rows with Column_1 set to NaN.
    const reference = await runPython(['-c', [
      'import sys, numpy as np, lightgbm as lgb',
      'X = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)',
      'X[:, int(sys.argv[3])] = np.nan',
      'p = lgb.Booster(model_file=sys.argv[1]).predict(np.ascontiguousarray(X))',
      'sys.stdout.write("".join(repr(float(v)) + "\\n" for v in p))',
    ].join('\n'), join(fixture, 'model.txt'), join(fixture, 'rows.csv'), String(drop)]);
    for (const strategy of ['interpreter', 'codegen']) {
      const r = await runCli(['model', 'predict', '--model', join(fixture, 'model.txt'), '--input', input, '--strategy', strategy]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/note: 1 model feature\(s\) not in the input.*Column_1/);
      expectSameAsExpected(r.stdout, parseOutput(reference));
      // Not a vacuous check: the missing feature changes some predictions.
      const full = parseOutput(readFileSync(join(fixture, 'transformed.txt'), 'utf8'));
      expect(compareRows(full, parseOutput(r.stdout)).count).toBeGreaterThan(0);
    }
  });

  it('reports a truncated model as MODEL_… with the model path and line, exit 2, no stack', async () => {
    const model = join(dir, 'truncated-model.txt');
    await writeFile(model, readFileSync(QS_MODEL, 'utf8').slice(0, 20_000));
    for (const args of [['model', 'predict', '--model', model, '--input', QS_ROWS], ['model', 'inspect', model]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`error MODEL_[A-Z_]+: ${model.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+`));
      expect(r.stdout).toBe('');
      expectNoStack(r.stderr);
    }
  });

  it.each([
    { what: 'missing --input', args: ['--model', QS_MODEL], mention: /input/ },
    { what: '--raw with --leaf', args: ['--model', QS_MODEL, '--input', QS_ROWS, '--raw', '--leaf'], mention: /--raw and --leaf/ },
    { what: 'an unknown option', args: ['--model', QS_MODEL, '--input', QS_ROWS, '--rwa'], mention: /rwa/ },
    { what: 'a bad --strategy', args: ['--model', QS_MODEL, '--input', QS_ROWS, '--strategy', 'fastest'], mention: /strategy/ },
  ])('usage error ($what): exit 2, a message, no stack trace, nothing predicted', async ({ args, mention }) => {
    const r = await runCli(['model', 'predict', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(mention);
    expect(r.stdout).toBe('');
    expectNoStack(r.stderr);
  });

  it('gives the same output for the same rows in CSV, NDJSON, Arrow file and Arrow stream', async () => {
    // The pandas-categorical fixture: string and integer categories, missing and unseen values,
    // nan/inf/-0.0 in the numeric features.
    const fixture = join(PARITY, 'pandas-categorical');
    const csv = join(fixture, 'rows.csv');
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    expect(header).toEqual(['sessions_30d', 'app_category', 'days_since_open', 'country_code']);
    const body = lines.slice(1).map((l) => l.split(','));
    const num = (s: string) => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));
    const sessions = body.map((r) => num(r[0]!));
    const app = body.map((r) => (r[1] === '' ? null : r[1]!));
    const days = body.map((r) => num(r[2]!));
    const country = body.map((r) => (r[3] === '' ? null : Number(r[3])));
    expect(sessions.some((v) => Number.isNaN(v)) && app.includes(null) && country.includes(null)).toBe(true);

    const jsonNumber = (v: number) => (Number.isNaN(v) ? 'null' : v === Infinity ? '"inf"' : v === -Infinity ? '"-inf"' : Object.is(v, -0) ? '-0.0' : String(v));
    const ndjson = join(dir, 'pandas.ndjson');
    await writeFile(ndjson, body.map((_, i) => `{"country_code":${country[i] ?? 'null'},"days_since_open":${jsonNumber(days[i]!)},` +
      `"app_category":${JSON.stringify(app[i])},"sessions_30d":${jsonNumber(sessions[i]!)}}`).join('\n') + '\n');

    const table = new Table({
      app_category: vectorFromArray(app, new Dictionary(new Utf8(), new Int32())),
      sessions_30d: vectorFromArray(sessions, new Float64()),
      country_code: vectorFromArray(country.map((c) => (c === null ? null : BigInt(c))), new Int64()),
      days_since_open: vectorFromArray(days, new Float64()),
    });
    const arrowFile = join(dir, 'pandas.arrow');
    const arrowStream = join(dir, 'pandas.arrows');
    await writeFile(arrowFile, tableToIPC(table, 'file'));
    await writeFile(arrowStream, tableToIPC(table, 'stream'));

    const model = join(fixture, 'model.txt');
    const expected = parseOutput(readFileSync(join(fixture, 'transformed.txt'), 'utf8'));
    const outputs: string[] = [];
    for (const input of [csv, ndjson, arrowFile, arrowStream]) {
      const r = await runCli(['model', 'predict', '--model', model, '--input', input]);
      expect(r.code, `${input}: ${r.stderr}`).toBe(0);
      expectSameAsExpected(r.stdout, expected);
      outputs.push(r.stdout);
    }
    expect(new Set(outputs).size).toBe(1);
  });

  it('streams: 300 000 rows (~20 MB of CSV) in bounded memory, and twice as many in no more', async () => {
    // Peak RSS comes from the CLI process itself (process.resourceUsage().maxRSS, recorded at exit by
    // a preloaded module): it needs no GNU time and measures the whole process, typed arrays and
    // buffers included, which a V8 heap limit (--max-old-space-size) would not see. A 20 MB file
    // fits in a 128 MB heap even when held as one string, so a heap limit would prove nothing here.
    // Streaming, the peak is the same for 300 000 and 600 000 rows (measured: within 5 MB, ~115 MB);
    // holding the parsed rows adds ~80 MB for the second 300 000 (measured with a preload that does).
    const hook = join(dir, 'max-rss.mjs');
    await writeFile(hook, "import { writeFileSync } from 'node:fs';\n" +
      "process.on('exit', () => writeFileSync(process.env.BIDLAB_MAX_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
    const quick = readFileSync(QS_ROWS, 'utf8').trimEnd().split('\n').slice(1).join('\n');
    const peak: Record<number, number> = {};
    for (const n of [300_000, 600_000]) {
      const input = join(dir, `stream-${n}.csv`);
      // The 12 quickstart rows first, so the start of the output can be checked against LightGBM.
      await writeFile(input, quickstartRows(n).replace('\n', `\n${quick}\n`));
      if (n === 300_000) expect((await stat(input)).size / 1e6).toBeGreaterThan(19);
      const output = join(dir, `stream-${n}.txt`);
      const rssFile = join(dir, `stream-${n}.rss`);
      const r = await runCli(['model', 'predict', '--model', QS_MODEL, '--input', input, '--output', output], {
        nodeArgs: ['--import', hook],
        env: { ...process.env, BIDLAB_MAX_RSS_FILE: rssFile },
      });
      expect(r.code, r.stderr).toBe(0);
      const got = parseOutput(await readFile(output, 'utf8'));
      expect(got).toHaveLength(n + 12);
      expect(compareRows(QS_EXPECTED, got.slice(0, 12)).first).toEqual([]);
      peak[n] = Number(await readFile(rssFile, 'utf8')) / 1024;
      await rm(input);
    }
    const seen = `peak RSS ${peak[300_000]!.toFixed(0)} MB for 300 000 rows, ${peak[600_000]!.toFixed(0)} MB for 600 000`;
    expect(peak[300_000], seen).toBeLessThan(300);
    expect(peak[600_000]! - peak[300_000]!, seen).toBeLessThan(40);
  });
});
