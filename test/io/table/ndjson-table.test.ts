import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFeatureTable, TableFormatError, type FeatureTable } from '../../../src/io/table/index.js';
import { collect, concatColumns, expectSameCells, openFds, withTempDir } from './table-fixtures.js';

async function readNdjson(text: string) {
  return withTempDir(async (dir) => {
    const path = join(dir, 'rows.jsonl');
    await writeFile(path, text);
    const table = await openFeatureTable(path);
    const batches = await collect(table);
    const width = table.columns?.length ?? batches[0]?.columns.length ?? 0;
    return { table, batches, cells: concatColumns(batches, width) };
  });
}

async function ndjsonError(text: string): Promise<{ code: string; message: string }> {
  return withTempDir(async (dir) => {
    const path = join(dir, 'rows.ndjson');
    await writeFile(path, text);
    const before = await openFds();
    let table: FeatureTable | undefined;
    try {
      table = await openFeatureTable(path);
      await collect(table);
    } catch (error) {
      expect(error).toBeInstanceOf(TableFormatError);
      if (before !== undefined) expect(await openFds(), 'the file is closed after the error').toBe(before);
      const { code, message } = error as TableFormatError;
      return { code, message: message.replace(`${dir}/`, '') };
    }
    throw new Error('expected a TableFormatError');
  });
}

describe('NDJSON table', () => {
  it('takes the columns from the first object; omitted keys are null', async () => {
    const { table, cells } = await readNdjson('{"a":1,"b":"x"}\n{"b":"y"}\n{"b":null,"a":2.5}\n');
    expect(table.columns).toEqual(['a', 'b']);
    expectSameCells(cells, [[1, null, 2.5], ['x', 'y', null]], ['a', 'b']);
  });

  it('reads arrays as positional records with null columns', async () => {
    const { table, cells } = await readNdjson('[1,"a",true]\r\n[-0.0,"inf",false]\r\n');
    expect(table.columns).toBeNull();
    expectSameCells(cells, [[1, -0], ['a', Infinity], [1, 0]], ['0', '1', '2']);
  });

  it('maps non-finite spellings, bare (Python json.dumps) or quoted, and leaves other strings alone', async () => {
    const { cells } = await readNdjson(
      [
        '{"v":NaN,"s":"NaN in text"}',
        '{"v":-Infinity,"s":"Infinity"}',
        '{"v":"nan","s":"\\"NaN\\""}',
        '{"v":"-inf","s":"1.5"}',
      ].join('\n'),
    );
    expectSameCells(cells, [[NaN, -Infinity, NaN, -Infinity], ['NaN in text', Infinity, '"NaN"', '1.5']], ['v', 's']);
  });

  it('reports invalid JSON with its line, counting blank lines', async () => {
    const error = await ndjsonError('{"a":1}\n\n{"a":2}\n{"a":\n');
    expect(error.code).toBe('TABLE_JSON');
    expect(error.message).toMatch(/^rows\.ndjson:4: invalid JSON: /);
  });

  it('reports a key missing from the first record, naming the line and key', async () => {
    const error = await ndjsonError('{"a":1}\n{"a":2,"z":3}\n');
    expect(error).toEqual({ code: 'TABLE_UNKNOWN_KEY', message: 'rows.ndjson:2: key "z" is not in the first record' });
  });

  it('rejects nested values, naming the line and key', async () => {
    const error = await ndjsonError('{"a":1}\n{"a":{"deep":1}}\n');
    expect(error).toEqual({
      code: 'TABLE_VALUE_TYPE',
      message: 'rows.ndjson:2: "a": expected a number, string, boolean or null, found an object',
    });
    expect((await ndjsonError('[1]\n[[2]]\n')).message).toBe(
      'rows.ndjson:2: [0]: expected a number, string, boolean or null, found an array',
    );
  });

  it('rejects arrays of another length, records of another kind, and bare values', async () => {
    expect(await ndjsonError('[1,2]\n[3]\n')).toEqual({ code: 'TABLE_ROW_WIDTH', message: 'rows.ndjson:2: expected 2 values, found 1' });
    expect((await ndjsonError('{"a":1}\n[1]\n')).code).toBe('TABLE_RECORD_KIND');
    expect((await ndjsonError('[1]\n{"a":1}\n')).code).toBe('TABLE_RECORD_KIND');
    expect(await ndjsonError('\n3\n')).toEqual({
      code: 'TABLE_RECORD_KIND',
      message: 'rows.ndjson:2: expected a JSON object or array, found a number',
    });
  });

  it('gives up on a line that never ends instead of holding a huge file in memory', async () => {
    const error = await ndjsonError('{"a":1}\n{"a":"' + 'x'.repeat(17_000_000));
    expect(error.code).toBe('TABLE_RECORD_TOO_LONG');
    expect(error.message).toMatch(/^rows\.ndjson:2: line runs over/);
  });

  it('rejects an input with no record', async () => {
    expect((await ndjsonError('\n  \n')).code).toBe('TABLE_EMPTY');
  });

  it('reads a last record without a line end', async () => {
    const { cells, batches } = await readNdjson('\n{"a":1}\n{"a":2}');
    expectSameCells(cells, [[1, 2]], ['a']);
    expect(batches[0].firstLine).toBe(2);
  });
});
