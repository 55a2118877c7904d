import { describe, expect, it } from 'vitest';
import { Draws, philox4x32, RandomStreams, RngError } from '../../src/rng/index.js';

const streams = new RandomStreams(42);
const response = streams.stream('response');

function firstWords(draws: Draws, count: number): number[] {
  return Array.from({ length: count }, () => draws.nextUint32());
}

function expectRngError(action: () => unknown, code: string): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RngError);
    expect((error as RngError).code).toBe(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('Draws: keyed draws, the common-random-numbers core', () => {
  it('are Philox blocks of counter (id low, id high, purpose, block) under the stream key', () => {
    const state = response.at(0, 0).getState();
    const [k0, k1] = state;
    const id = 2 ** 40 + 17;
    const expected = new Uint32Array(12);
    for (let block = 0; block < 3; block++) philox4x32(17, 2 ** 8, 5, block, k0, k1, expected, 4 * block);
    expect(firstWords(response.at(id, 5), 12)).toEqual(Array.from(expected));
  });

  it('give the same values for the same (stream, id, purpose), however the cursor got there', () => {
    const fresh = firstWords(response.at(987_654, 2), 10);
    const reused = response.draws();
    reused.reset(1, 0).nextDouble();
    reused.reset(987_654, 2);
    expect(firstWords(reused, 10)).toEqual(fresh);
    expect(firstWords(response.draws().resetWords(987_654, 0, 2), 10)).toEqual(fresh);
  });

  it('do not depend on the order ids are visited, nor on other cursors', () => {
    const ids = Array.from({ length: 500 }, (_, i) => i * 7919);
    const inOrder = new Map(ids.map((id) => [id, firstWords(response.at(id, 1), 6)]));
    const shuffler = streams.stream('test/shuffle').sequence();
    const shuffled = [...ids];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = shuffler.nextUint32() % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const cursor = response.draws();
    const other = response.draws();
    for (const id of shuffled) {
      other.reset(id, 1).nextUint32();
      expect(firstWords(cursor.reset(id, 1), 6)).toEqual(inOrder.get(id));
    }
  });

  it('differ between ids, purposes and streams', () => {
    const seen = new Set<string>();
    const keys = [
      firstWords(response.at(1, 0), 4),
      firstWords(response.at(2, 0), 4),
      firstWords(response.at(2 ** 32 + 1, 0), 4),
      firstWords(response.at(1, 1), 4),
      firstWords(streams.stream('competitors').at(1, 0), 4),
      firstWords(response.sequence(0), 4),
    ];
    for (const words of keys) seen.add(words.join(','));
    expect(seen.size).toBe(keys.length);
  });

  it('take every safe integer id, up to 2^53 - 1, and ids as (low, high) words', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(firstWords(response.at(max, 9), 4)).toEqual(firstWords(response.draws().resetWords(0xffffffff, 0x1fffff, 9), 4));
    expect(firstWords(response.draws().resetWords(5, 0xffffffff), 4)).not.toEqual(firstWords(response.at(5), 4));
  });

  it('reject ids and purposes that are not what they say', () => {
    const draws = response.draws();
    for (const id of [-1, 1.5, Number.NaN, Infinity, 2 ** 53, '7' as unknown as number]) expectRngError(() => draws.reset(id), 'RNG_BAD_ID');
    for (const purpose of [-1, 2 ** 32, 0.5]) expectRngError(() => draws.reset(1, purpose), 'RNG_BAD_ID');
    expectRngError(() => draws.resetWords(2 ** 32, 0), 'RNG_BAD_ID');
  });

  it('refuse to draw from a cursor that was never seated', () => {
    const draws = response.draws();
    expectRngError(() => draws.nextUint32(), 'RNG_UNSEATED');
    expectRngError(() => draws.nextDouble(), 'RNG_UNSEATED');
  });

  it('refuse to repeat themselves after the 2^34 words of one seat', () => {
    const state = [...response.at(3, 4).getState()];
    state[5] = 2 ** 32; // the block counter: every block of this seat has been used
    const spent = Draws.fromState(state);
    expectRngError(() => spent.nextUint32(), 'RNG_COUNTER_EXHAUSTED');
  });

  it('reject a state that is not one', () => {
    const good = response.at(3, 4).getState();
    for (const bad of [[], [...good, 0], good.map((x, i) => (i === 0 ? -1 : x)), good.map((x, i) => (i === 6 ? 5 : x))]) {
      expectRngError(() => Draws.fromState(bad), 'RNG_BAD_STATE');
    }
  });
});

describe('sequences', () => {
  it('carry the block counter into the next words instead of stopping', () => {
    const start = [...response.sequence(2).getState()];
    start[5] = 2 ** 32;
    const carried = Draws.fromState(start);
    const [k0, k1] = start;
    const expected = new Uint32Array(4);
    philox4x32(1, 0, 2, 0, k0, k1, expected, 0);
    expect(firstWords(carried, 4)).toEqual(Array.from(expected));
  });

  it('differ by purpose and from the keyed draws of the same stream', () => {
    const a = firstWords(response.sequence(0), 8);
    expect(firstWords(response.sequence(1), 8)).not.toEqual(a);
    expect(firstWords(response.at(0, 0), 8)).not.toEqual(a);
  });
});
