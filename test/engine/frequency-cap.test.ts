import { describe, expect, it } from 'vitest';
import { FrequencyCap } from '../../src/engine/index.js';

describe('FrequencyCap', () => {
  it('allows N impressions per window per user, then again once the oldest leaves the window', () => {
    const cap = new FrequencyCap(3, 24);
    const h = 3600;
    for (const t of [0, h, 2 * h]) { expect(cap.allows(0, t)).toBe(true); cap.record(0, t); }
    expect(cap.allows(0, 3 * h)).toBe(false);
    expect(cap.allows(1, 3 * h)).toBe(true);
    expect(cap.allows(0, 24 * h - 1)).toBe(false);
    expect(cap.allows(0, 24 * h)).toBe(true);
  });

  it('keeps users apart as it grows past its first allocation', () => {
    const cap = new FrequencyCap(1, 1);
    for (let u = 0; u < 5000; u++) cap.record(u, u);
    for (let u = 0; u < 5000; u++) expect(cap.allows(u, u + 1)).toBe(false);
    expect(cap.allows(0, 3600)).toBe(true);
  });
});
