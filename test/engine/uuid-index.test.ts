import { describe, expect, it } from 'vitest';
import { UuidIndex } from '../../src/engine/index.js';
import { IfaSource } from '../../src/world/index.js';
import { RandomStreams } from '../../src/rng/index.js';

describe('UuidIndex', () => {
  const source = new IfaSource(new RandomStreams(7));
  const ids = Array.from({ length: 20_000 }, (_, u) => source.ifa(u));

  it('finds every id it holds, and a Map agrees on ids it does not', () => {
    const index = new UuidIndex(10_000);
    const map = new Map<string, number>();
    for (let u = 0; u < 10_000; u++) { index.set(ids[u]!, u); map.set(ids[u]!, u); }
    expect(index.size).toBe(10_000);
    for (const id of ids) expect(index.get(id)).toBe(map.get(id) ?? -1);
  });

  it('ignores letter case and replaces values', () => {
    const index = new UuidIndex(4);
    expect(index.set(ids[0]!, 1)).toBe(true);
    expect(index.get(ids[0]!.toUpperCase())).toBe(1);
    index.set(ids[0]!.toUpperCase(), 5);
    expect(index.size).toBe(1);
    expect(index.get(ids[0]!)).toBe(5);
  });

  it('holds nothing that is not a UUID, and refuses to grow past its capacity', () => {
    const index = new UuidIndex(1);
    for (const bad of ['', 'not-a-uuid', `${ids[0]!.slice(0, 35)}g`, ids[0]!.replace(/-/g, '_'), `${ids[0]}0`]) {
      expect(index.set(bad, 1), bad).toBe(false);
      expect(index.get(bad), bad).toBe(-1);
    }
    index.set(ids[0]!, 0);
    expect(() => index.set(ids[1]!, 1)).toThrow(RangeError);
  });
});
