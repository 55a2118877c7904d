import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/bidlab.js');
export const PYTHON = join(ROOT, 'scripts/python.sh');

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to completion, collecting its output; never rejects on a non-zero exit. */
export function run(
  command: string, args: ReadonlyArray<string>,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; noStdin?: boolean } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // noStdin: for programs that read none and may exit before a write to their stdin would land.
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: [options.noStdin ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(options.input ?? '');
  });
}

/** The real CLI, `node [nodeArgs] bin/bidlab.js args`, as a separate process. */
export function runCli(args: ReadonlyArray<string>, options: { cwd?: string; nodeArgs?: ReadonlyArray<string>; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
  return run(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], options);
}

/** The real CLI that must succeed: its stdout, or an error with the end of its stderr. */
export async function cliOk(args: ReadonlyArray<string>): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`bidlab ${args.join(' ')} exited ${r.code}:\n${r.stderr.slice(-3000)}`);
  return r.stdout;
}

/** The project's Python (LightGBM, numpy, pandas, pyarrow); throws with its stderr when it fails. */
export async function runPython(args: ReadonlyArray<string>, options: { cwd?: string } = {}): Promise<string> {
  const r = await run(PYTHON, args, options);
  if (r.code !== 0) throw new Error(`scripts/python.sh ${args.slice(0, 2).join(' ')} … exited ${r.code}:\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

/**
 * `npm test` builds first (pretest); a bare `vitest run` may find no dist/ at all. The CLI tests
 * run the compiled entry point, so build once when it is missing.
 */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(join(ROOT, 'dist/cli/main.js'))) return;
  const r = await run('npm', ['run', 'build']);
  if (r.code !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

/** Every line of a prediction output as numbers (Python/bidlab spelling: nan, inf, -inf); '' is a row without values. */
export function parseOutput(text: string): number[][] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l === '' ? [] : l.split(',').map(parseValue)));
}

function parseValue(s: string): number {
  if (s === 'nan') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  const v = Number(s);
  if (s.trim() === '' || Number.isNaN(v)) throw new Error(`not a number in the output: '${s}'`);
  return v;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Same double, bit for bit (every NaN equal to every NaN). */
export function sameBits(a: number, b: number): boolean {
  if (a !== a || b !== b) return a !== a && b !== b;
  f64[0] = a;
  const x = u64[0];
  f64[0] = b;
  return x === u64[0];
}

/** Differences between expected and actual rows, as "row r, column j: expected e, got g" (at most `limit`). */
export function compareRows(expected: number[][], got: number[][], limit = 10): { count: number; first: string[] } {
  const first: string[] = [];
  let count = 0;
  const note = (s: string) => { count++; if (first.length < limit) first.push(s); };
  if (expected.length !== got.length) note(`${expected.length} rows expected, ${got.length} written`);
  for (let r = 0; r < Math.min(expected.length, got.length); r++) {
    const e = expected[r]!;
    const g = got[r]!;
    if (e.length !== g.length) {
      note(`row ${r}: ${e.length} values expected, ${g.length} written`);
      continue;
    }
    for (let j = 0; j < e.length; j++) {
      if (!sameBits(e[j]!, g[j]!)) note(`row ${r}, column ${j}: expected ${fmt(e[j]!)}, got ${fmt(g[j]!)}`);
    }
  }
  return { count, first };
}

function fmt(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}
