import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** `node args…` in a child process of its own, from the repository root: wall seconds, peak RSS (GNU time) and stdout. */
export function timedNode(args: ReadonlyArray<string>): { seconds: number; maxRssMiB: number; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bidlab-bench-time-'));
  try {
    const timeFile = join(dir, 'time.txt');
    const stdout = execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, 'node', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    const [seconds, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number) as [number, number];
    return { seconds, maxRssMiB: Math.round(kb / 1024), stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
