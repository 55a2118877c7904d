import { readFileSync } from 'node:fs';
import { DEFAULT_GLIBC_VARIANT, type GlibcVariant } from './glibc-exp.js';

let detected: GlibcVariant | undefined;

/**
 * The build of exp/log1p glibc's loader picks on this CPU: the FMA build when the CPU has both
 * FMA and AVX2, the plain one otherwise (glibc's ifunc rule for x86-64). LightGBM's outputs on
 * this machine come from that build, so bidlab reproduces the same one. Off Linux (no
 * /proc/cpuinfo) it assumes the FMA build, what current x86-64 servers run.
 */
export function detectGlibcVariant(): GlibcVariant {
  if (detected) return detected;
  try {
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(' ') ?? [];
    detected = flags.includes('fma') && flags.includes('avx2') ? 'fma' : 'sse2';
  } catch {
    detected = DEFAULT_GLIBC_VARIANT;
  }
  return detected;
}
