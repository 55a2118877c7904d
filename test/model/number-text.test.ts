import { describe, expect, it } from 'vitest';
import { parseLightgbmAtof, parsePreciseDouble } from '../../src/model/number-text.js';

describe('number parsing as LightGBM does it', () => {
  it('maps the literals strtod accepts', () => {
    expect(parsePreciseDouble('inf')).toBe(Infinity);
    expect(parsePreciseDouble('-inf')).toBe(-Infinity);
    expect(parsePreciseDouble('nan')).toBeNaN();
    expect(parsePreciseDouble('1e-35')).toBe(1e-35);
    expect(parsePreciseDouble('0x10')).toBeUndefined();
    expect(parsePreciseDouble('')).toBeUndefined();
  });

  it("reproduces Common::Atof's rounding, which differs from a correctly rounded parse", () => {
    // Values LightGBM writes with 6 significant digits; Atof accumulates digits in doubles.
    let differ = 0;
    for (let i = 1; i < 20000; i++) {
      const s = ((i / 19997) * 30).toPrecision(6);
      const a = parseLightgbmAtof(s)!;
      const d = Number(s);
      expect(Math.abs(a - d)).toBeLessThanOrEqual(Math.abs(d) * 4e-16);
      if (a !== d) differ++;
    }
    expect(differ).toBeGreaterThan(0);
  });

  it('maps inf to ±1e308 as LightGBM does', () => {
    expect(parseLightgbmAtof('inf')).toBe(1e308);
    expect(parseLightgbmAtof('-inf')).toBe(-1e308);
    expect(parseLightgbmAtof('abc')).toBeUndefined();
  });
});
