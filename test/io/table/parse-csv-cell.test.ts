import { describe, expect, it } from 'vitest';
import { parseCsvCell, type Cell } from '../../../src/io/table/index.js';

const CASES: Array<[string, Cell]> = [
  ['', null],
  ['1', 1],
  ['-7', -7],
  ['1.5', 1.5],
  ['1e-36', 1e-36],
  ['1E5', 100000],
  ['.5', 0.5],
  ['-3.', -3],
  ['+2.5', 2.5],
  ['-0.0', -0],
  ['-0', -0],
  ['0.1', 0.1],
  ['0.30000000000000004', 0.30000000000000004],
  ['9007199254740993', 9007199254740992],
  ['123456789012345.6', 123456789012345.6],
  ['1.7976931348623157e+308', 1.7976931348623157e308],
  ['1e400', Infinity],
  ['5e-324', 5e-324],
  ['00012', 12],
  [' 1.5 ', 1.5],
  ['\t-2', -2],
  ['nan', NaN],
  ['NaN', NaN],
  ['NAN', NaN],
  ['-nan', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['INF', Infinity],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['infinity', Infinity],
  ['True', 1],
  ['False', 0],
  ['TRUE', 1],
  [' ', ' '],
  ['  ', '  '],
  ['0x10', '0x10'],
  ['0X1f', '0X1f'],
  ['0b1', '0b1'],
  ['0o7', '0o7'],
  [' 0x10', ' 0x10'],
  ['1_000', '1_000'],
  ['1,5', '1,5'],
  ['1.2.3', '1.2.3'],
  ['-', '-'],
  ['+', '+'],
  ['.', '.'],
  ['e5', 'e5'],
  ['1e', '1e'],
  ['2024-01-02', '2024-01-02'],
  ['NA', 'NA'],
  ['None', 'None'],
  ['nano', 'nano'],
  ['US', 'US'],
  ['１', '１'],
];

describe('parseCsvCell', () => {
  it.each(CASES)('%j → %s', (text, expected) => {
    const cell = parseCsvCell(text);
    expect(Object.is(cell, expected), `${JSON.stringify(text)} gave ${String(cell)}`).toBe(true);
  });

  it('agrees with Number() on random decimals, including the 15-digit fast path and beyond', () => {
    let state = 11;
    const digit = (): string => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return String(state % 10);
    };
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + (i % 19);
      let text = Array.from({ length }, digit).join('');
      const dot = Number(digit()) % (length + 1);
      text = `${text.slice(0, dot)}.${text.slice(dot)}`;
      if (i % 3 === 0) text = `-${text}`;
      if (i % 7 === 0) text += `e${Number(digit()) - 5}`;
      expect(Object.is(parseCsvCell(text), Number(text)), text).toBe(true);
    }
  });

  it('reads back every double that String() or toFixed() writes', () => {
    let state = 3;
    for (let i = 0; i < 20_000; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const value = (state / 4294967296 - 0.5) * 10 ** ((i % 40) - 20);
      expect(parseCsvCell(String(value))).toBe(value);
      const fixed = value.toFixed(i % 8);
      expect(parseCsvCell(fixed)).toBe(Number(fixed));
    }
  });
});
