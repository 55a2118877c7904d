import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { purposeId, RandomStreams, RngError } from '../../src/rng/index.js';

const words = (streams: RandomStreams, name: string, id = 0, purpose = 0) => {
  const draws = streams.stream(name).at(id, purpose);
  return [draws.nextUint32(), draws.nextUint32(), draws.nextUint32(), draws.nextUint32()];
};

function expectRngError(action: () => unknown, code: string): void {
  expect(action).toThrow(RngError);
  try {
    action();
  } catch (error) {
    expect((error as RngError).code).toBe(code);
  }
}

describe('RandomStreams', () => {
  /**
   * Pinned outputs. Every simulation result depends on these: if a change moves them, it changes
   * every run of every scenario, and must say so.
   */
  it('gives the pinned values for (seed, name, id, purpose)', () => {
    expect(words(new RandomStreams(42), 'traffic', 12_345, 7)).toEqual(GOLDEN_TRAFFIC);
    expect(words(new RandomStreams('campaign-2024'), 'response', 2 ** 40, purposeId('click'))).toEqual(GOLDEN_RESPONSE);
    const seq = new RandomStreams(42).stream('world').sequence();
    expect([seq.nextUint32(), seq.nextUint32()]).toEqual(GOLDEN_WORLD_SEQUENCE);
    expect(purposeId('click')).toBe(GOLDEN_PURPOSE_CLICK);
  });

  it('gives the same pinned values without WebAssembly (node --jitless), where Philox runs in JavaScript', () => {
    const script = join(import.meta.dirname, 'print-pinned-draws.ts');
    const output = execFileSync(process.execPath, ['--jitless', '--import', 'tsx', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(JSON.parse(output)).toEqual({ wasm: false, traffic: GOLDEN_TRAFFIC, response: GOLDEN_RESPONSE });
  });

  it('derives each stream from (seed, name) alone: adding or reordering streams shifts nothing', () => {
    const alone = words(new RandomStreams(7), 'response', 99);
    const busy = new RandomStreams(7);
    for (const name of ['world', 'traffic', 'competitors', 'competitors/dsp-3']) words(busy, name, 99);
    expect(words(busy, 'response', 99)).toEqual(alone);
    expect(words(busy, 'response', 99)).toEqual(alone);
  });

  it('gives different draws for different names and seeds', () => {
    const all = [
      words(new RandomStreams(7), 'response'),
      words(new RandomStreams(7), 'responses'),
      words(new RandomStreams(7), 'Response'),
      words(new RandomStreams(8), 'response'),
      words(new RandomStreams(2 ** 32 + 7), 'response'),
      words(new RandomStreams('7'), 'response'),
      words(new RandomStreams(7), 'response/a'),
      words(new RandomStreams(7), 'a name longer than one eight-byte block'),
      words(new RandomStreams(7), 'a name longer than one eight-byte block\u0000'),
      words(new RandomStreams(7), 'città'),
    ];
    expect(new Set(all.map((w) => w.join(','))).size).toBe(all.length);
  });

  it('rejects seeds and names that are not usable', () => {
    for (const seed of [-1, 1.5, Number.NaN, 2 ** 53, '', null as unknown as number]) {
      expectRngError(() => new RandomStreams(seed), 'RNG_BAD_SEED');
    }
    expectRngError(() => new RandomStreams(1).stream(''), 'RNG_BAD_NAME');
    expectRngError(() => purposeId(''), 'RNG_BAD_NAME');
  });
});

describe('purposeId', () => {
  it('is a uint32, stable, and different for different names', () => {
    const names = ['click', 'install', 'reengage', 'purchase', 'delay', 'competitors/bid', 'floor'];
    const ids = names.map(purposeId);
    for (const id of ids) expect(id >>> 0).toBe(id);
    expect(names.map(purposeId)).toEqual(ids);
    expect(new Set(ids).size).toBe(names.length);
  });
});

const GOLDEN_TRAFFIC = [0x7b4927a4, 0x533c99b9, 0x8ba976d7, 0x209cd231];
const GOLDEN_RESPONSE = [0xc297dd6e, 0x3763c35a, 0x76347bcf, 0x72e33844];
const GOLDEN_WORLD_SEQUENCE = [0x96f7d34f, 0x300185d1];
const GOLDEN_PURPOSE_CLICK = 0x5c6fd772;
