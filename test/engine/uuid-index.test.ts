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

  it('finds a batch of ids as one at a time does, and inserts a batch as one at a time does', () => {
    const one = new UuidIndex(5_000, 3);
    for (let u = 0; u < 5_000; u++) one.set(ids[u]!, u);
    const batch = new UuidIndex(5_000, 3);
    const offsets = new Int32Array(5_000);
    batch.insertMany(ids.slice(0, 5_000), Int32Array.from({ length: 5_000 }, (_, u) => u), 5_000, offsets);
    expect(batch.size).toBe(5_000);
    for (let u = 0; u < 5_000; u++) expect(offsets[u]).toBe(batch.payloadOf(ids[u]!));
    const asked: (string | undefined)[] = [ids[3]!, ids[15_000]!, undefined, 'not-a-uuid', ids[4_999]!.toUpperCase(), ids[3]!];
    const found = new Int32Array(asked.length);
    batch.payloadsOf(asked, asked.length, found);
    expect(Array.from(found)).toEqual(asked.map((id) => (id === undefined ? -1 : batch.payloadOf(id))));
    expect(found[1]).toBe(-1);
    expect(found[2]).toBe(-1);
    expect(found[3]).toBe(-1);
    expect(found[0]).toBeGreaterThanOrEqual(0);
    for (let u = 0; u < 20_000; u++) expect(batch.get(ids[u]!)).toBe(one.get(ids[u]!));
  });

  it('keeps the payload of each id in a slot of its own', () => {
    const index = new UuidIndex(1_000, 10);
    const words = new Int32Array(index.buffer);
    for (let u = 0; u < 1_000; u++) {
      const at = index.insert(ids[u]!, u);
      for (let w = 0; w < 10; w++) words[at + w] = u * 10 + w;
    }
    for (let u = 0; u < 1_000; u++) {
      const at = index.payloadOf(ids[u]!);
      expect(Array.from(words.subarray(at, at + 10))).toEqual(Array.from({ length: 10 }, (_, w) => u * 10 + w));
    }
    expect(index.payloadOf(ids[1_000]!)).toBe(-1);
  });
});
