import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openFeatureTable, TableFormatError, type Cell, type OpenTableOptions } from '../../../src/io/table/index.js';
import { collect, concatColumns, expectSameCells, openFds, withTempDir } from './table-fixtures.js';

async function readCsv(text: string | Buffer, options: OpenTableOptions = {}) {
  return withTempDir(async (dir) => {
    const path = join(dir, 'rows.csv');
    await writeFile(path, text);
    const table = await openFeatureTable(path, options);
    const batches = await collect(table);
    return { columns: table.columns, batches, cells: concatColumns(batches, table.columns!.length) };
  });
}

async function csvError(text: string | Buffer, options: OpenTableOptions = {}): Promise<TableFormatError> {
  return withTempDir(async (dir) => {
    const path = join(dir, 'rows.csv');
    await writeFile(path, text);
    const before = await openFds();
    const error = await openFeatureTable(path, options).then(collect).then(
      () => {
        throw new Error('expected a TableFormatError');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TableFormatError);
    if (before !== undefined) expect(await openFds(), 'the file is closed after the error').toBe(before);
    return error as TableFormatError;
  });
}

function relative(error: TableFormatError): string {
  return error.message.replace(/^.*\/rows\.csv/, 'rows.csv');
}

describe('CSV table', () => {
  it('names the file and the 1-based line of a row with the wrong width', async () => {
    const rows = ['a,b,c', '1,2,3', '4,5,6', '7,8'];
    const error = await csvError(rows.join('\n') + '\n');
    expect(error.code).toBe('TABLE_ROW_WIDTH');
    expect(relative(error)).toBe('rows.csv:4: expected 3 cells, found 2');
    const tooMany = await csvError('a,b\n1,2\n3,4,5\n');
    expect(relative(tooMany)).toBe('rows.csv:3: expected 2 cells, found 3');
    expect(tooMany.where).toMatch(/rows\.csv:3$/);
  });

  it('counts the lines inside quoted fields when it reports a later line', async () => {
    const text = 'a,b\n1,"x\ny\nz"\n2,"p,q"\n3\n';
    const error = await csvError(text);
    expect(relative(error)).toBe('rows.csv:6: expected 2 cells, found 1');
    const quotedBad = await csvError('a,b\n1,"x\ny"\n"2",3,"4"\n');
    expect(relative(quotedBad)).toBe('rows.csv:4: expected 2 cells, found 3');
  });

  it('unquotes RFC 4180 fields: commas, doubled quotes, newlines, CRLF inside quotes', async () => {
    const { cells, batches } = await readCsv('k,v\r\n"a,b","say ""hi"""\r\n"l1\r\nl2",""\r\nplain,"5"\r\n', {
      textColumns: new Set(['k']),
      batchRows: 1,
    });
    expectSameCells(cells, [['a,b', 'l1\r\nl2', 'plain'], ['say "hi"', null, 5]], ['k', 'v']);
    expect(batches.map((b) => b.firstLine)).toEqual([2, 3, 5]);
  });

  it('skips blank lines (trailing or not) and keeps line numbers true', async () => {
    const { cells, batches } = await readCsv('a\n1\n\n2\n\n\n', { batchRows: 1 });
    expectSameCells(cells, [[1, 2]], ['a']);
    expect(batches.map((b) => b.firstLine)).toEqual([2, 4]);
    const single = await readCsv('a\n""\n3');
    expectSameCells(single.cells, [[null, 3]], ['a']);
  });

  it('reads a last line without a line end, and a header-only file as no rows', async () => {
    expectSameCells((await readCsv('a,b\n1,2')).cells, [[1], [2]], ['a', 'b']);
    const headerOnly = await readCsv('a,b\n');
    expect(headerOnly.columns).toEqual(['a', 'b']);
    expect(headerOnly.batches).toEqual([]);
  });

  it('strips a BOM from the first column name', async () => {
    const { columns } = await readCsv('\ufeffid,x\n1,2\n');
    expect(columns).toEqual(['id', 'x']);
  });

  it('types cells like pandas: numbers, nan/inf spellings, True/False, category names', async () => {
    const { cells } = await readCsv('v\n1\n-0.0\n1e-36\n.5\n-3.\nNaN\n-inf\nInfinity\nTrue\nfalse\n0x10\n1_000\nNA\n2024-01-02\n ');
    expectSameCells(
      cells,
      [[1, -0, 1e-36, 0.5, -3, NaN, -Infinity, Infinity, 1, 0, '0x10', '1_000', 'NA', '2024-01-02', ' ']],
      ['v'],
    );
  });

  it('leaves textColumns as raw strings, empty still null', async () => {
    const { cells } = await readCsv('code,x\n007,007\n,\nnan,nan\n1e3,1e3\n', { textColumns: new Set(['code']) });
    expectSameCells(cells, [['007', null, 'nan', '1e3'], [7, null, NaN, 1000]], ['code', 'x']);
  });

  it('rejects an unclosed quote and text after a closing quote, with the line', async () => {
    const open = await csvError('a,b\n1,2\n3,"never closed\n4,5\n');
    expect(open.code).toBe('TABLE_CSV_QUOTE');
    expect(relative(open)).toBe('rows.csv:3: quoted field is never closed');
    const after = await csvError('a,b\n1,"x"y\n');
    expect(after.code).toBe('TABLE_CSV_QUOTE');
    expect(relative(after)).toMatch(/^rows\.csv:2: /);
  });

  it('gives up on a quote left open instead of reading the rest of a huge file into one field', async () => {
    const error = await csvError('a,b\n1,2\n3,"oops\n' + '4,5\n'.repeat(4_500_000));
    expect(error.code).toBe('TABLE_RECORD_TOO_LONG');
    expect(relative(error)).toMatch(/^rows\.csv:3: record runs over 16777216 characters/);
  });

  it('keeps a quote inside an unquoted field as text, as pandas does', async () => {
    const { cells } = await readCsv('size\n5"\n');
    expectSameCells(cells, [['5"']], ['size']);
  });

  it('rejects an empty input, duplicate column names and bytes that are not UTF-8', async () => {
    expect((await csvError('')).code).toBe('TABLE_EMPTY');
    expect((await csvError('\n\n')).code).toBe('TABLE_EMPTY');
    const duplicate = await csvError('a,b,a\n1,2,3\n');
    expect(duplicate.code).toBe('TABLE_DUPLICATE_COLUMN');
    const latin1 = await csvError(Buffer.concat([Buffer.from('city\nok\n'), Buffer.from([0x4d, 0xfc, 0x6e, 0x0a])]));
    expect(latin1.code).toBe('TABLE_ENCODING');
  });

  it('agrees with csv-parse on random quoted CSV streamed across many chunks', async () => {
    // Deterministic random text with every quoting hazard; longer than one 256 KiB read chunk so
    // records, quotes, CRLF pairs and multi-byte characters straddle chunk boundaries.
    let state = 7;
    const rand = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '☃', '1', '.', '-'];
    const field = (): string => {
      const text = Array.from({ length: rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
      return /[",\n\r]/.test(text) || rand(4) === 0 ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const lines = ['c0,c1,c2,c3'];
    for (let length = 0; length < 700_000; ) {
      const line = Array.from({ length: 4 }, field).join(',');
      lines.push(line);
      length += line.length + 1;
    }
    const columns = ['c0', 'c1', 'c2', 'c3'];
    // One line end per file: csv-parse guesses a single record delimiter from the first one.
    for (const eol of ['\n', '\r\n']) {
      const text = lines.join(eol) + eol;
      const expected = (parse(text, { skip_empty_lines: true }) as string[][]).slice(1);
      const { cells } = await readCsv(text, { textColumns: new Set(columns) });
      const want: Cell[][] = columns.map((_, c) => expected.map((row) => (row[c] === '' ? null : row[c])));
      expectSameCells(cells, want, columns);
    }
  });
});
