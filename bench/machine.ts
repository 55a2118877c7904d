import { cpus, totalmem } from 'node:os';

/** What the numbers were measured on: these machines are shared, so ratios matter, not absolutes. */
export function describeMachine(): Record<string, unknown> {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
