import { describe, expect, it } from 'vitest';
import { CsvSplitter, type CsvRecordSink } from '../../../src/io/table/csv-splitter.js';

/** Splits `text` fed in pieces of `step` characters; returns [line, fields] per record. */
function split(text: string, step: number): Array<[number, string[]]> {
  const records: Array<[number, string[]]> = [];
  const sink: CsvRecordSink = {
    plainRecord: (buf, start, end, line) => records.push([line, buf.slice(start, end).split(',')]),
    fieldRecord: (fields, line) => records.push([line, fields]),
  };
  const splitter = new CsvSplitter('t.csv');
  for (let i = 0; i < text.length; i += step) splitter.push(text.slice(i, i + step), sink);
  splitter.end(sink);
  return records;
}

const TEXT = 'h1,h2\r\n"a ""q"" b","x\ny"\r\n\r\n1,2\nc"d,"e,f"\n"",\n"last","no eol"';

const EXPECTED: Array<[number, string[]]> = [
  [1, ['h1', 'h2']],
  [2, ['a "q" b', 'x\ny']],
  [5, ['1', '2']],
  [6, ['c"d', 'e,f']],
  [7, ['', '']],
  [8, ['last', 'no eol']],
];

describe('CsvSplitter', () => {
  it.each([1, 2, 3, 5, 1000])('gives the same records and lines whatever the chunking (%i chars)', (step) => {
    expect(split(TEXT, step)).toEqual(EXPECTED);
  });

  it('waits for the rest of a quoted field, and rejects one never closed', () => {
    expect(() => split('a\n"open\n\nstill open', 4)).toThrowError('t.csv:2: quoted field is never closed');
  });
});
