import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compressionRegistry, CompressionType, makeTable, Table, tableToIPC } from 'apache-arrow';
import { compress as lz4Compress, decompress as lz4Decompress } from 'lz4js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrowCodecError, registerArrowCodecs } from '../../../src/io/table/arrow-codecs.js';
import { openFeatureTable, TableFormatError } from '../../../src/io/table/index.js';
import { arrowTable, CELLS, collect, COLUMNS, concatColumns, expectSameCells, openFds } from './table-fixtures.js';

const ROOT = join(import.meta.dirname, '../../..');
const CODECS = ['lz4', 'zstd'] as const;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bidlab-arrow-compressed-'));
  // The project's Python (pyarrow, pandas), as scripts/python.sh sets it up.
  const { code, stderr } = await run(join(ROOT, 'scripts/python.sh'), [join(import.meta.dirname, 'write_compressed_arrow.py'), dir]);
  if (code !== 0) throw new Error(`write_compressed_arrow.py exited ${code}:\n${stderr}`);
});

afterAll(async () => {
  registerArrowCodecs();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Runs a program to completion, `stdin` piped in from a file if given. */
function run(command: string, args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    if (stdin !== undefined) createReadStream(stdin).pipe(child.stdin!);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function readTable(path: string) {
  const table = await openFeatureTable(path);
  const batches = await collect(table);
  return { columns: table.columns!, batches, cells: concatColumns(batches, table.columns!.length) };
}

async function readError(path: string): Promise<TableFormatError> {
  const before = await openFds();
  try {
    await collect(await openFeatureTable(path));
  } catch (error) {
    expect(error).toBeInstanceOf(TableFormatError);
    if (before !== undefined) expect(await openFds(), 'the file is closed after the error').toBe(before);
    return error as TableFormatError;
  }
  throw new Error(`expected a TableFormatError reading ${path}`);
}

describe('compressed Arrow record batches (pyarrow writes, bidlab reads)', () => {
  const small = CODECS.flatMap((codec) => [
    { codec, file: `small-${codec}.feather`, how: "feather.write_feather(compression=…)" },
    { codec, file: `small-${codec}.arrows`, how: 'pa.ipc.new_stream(IpcWriteOptions(compression=…))' },
    { codec, file: `small-${codec}.arrow`, how: 'pa.ipc.new_file(IpcWriteOptions(compression=…))' },
  ]);

  it.each(small)('$codec, $file ($how): the same cells as uncompressed, NaN, null, ±inf, -0 and the categorical included', async ({ codec, file }) => {
    const plain = await readTable(join(dir, file.replace(codec, 'uncompressed')));
    const packed = await readTable(join(dir, file));
    expect(packed.columns).toEqual(COLUMNS);
    expect(packed.batches.map((b) => [b.firstLine, b.numRows])).toEqual([
      [1, 4],
      [5, 4],
      [9, 2],
    ]);
    expectSameCells(packed.cells, plain.cells);
    expectSameCells(packed.cells, CELLS);
  });

  it.each(CODECS)('df.to_feather(compression=%j), 50,000 rows, frames of several linked LZ4 blocks: cells as uncompressed', async (codec) => {
    const plain = await readTable(join(dir, 'pandas-uncompressed.feather'));
    const packed = await readTable(join(dir, `pandas-${codec}.feather`));
    expect(packed.columns).toEqual(['x', 'noise', 'count', 'site', 'ua']);
    expect(packed.batches.map((b) => b.numRows)).toEqual([20_000, 20_000, 10_000]);
    expectSameCells(packed.cells, plain.cells, packed.columns);
    const x = packed.cells[0];
    // pandas writes NaN as null; the awkward values survive.
    expect(x.filter((v) => v === null).length).toBeGreaterThan(2000);
    expect(x.filter((v) => v === Infinity || v === -Infinity).length).toBe(2 * Math.ceil(50_000 / 997));
    expect(x.some((v) => Object.is(v, -0))).toBe(true);
    expect(new Set(packed.cells[3])).toEqual(new Set(['news.example', 'games.example', 'shop.example', null]));
  });

  it('reads a compressed stream from stdin', async () => {
    const script = [
      `const { openFeatureTable } = await import(${JSON.stringify(join(ROOT, 'src/io/table/index.ts'))});`,
      "const table = await openFeatureTable('-');",
      'const out = [];',
      'const show = (v) => (Object.is(v, -0) ? "-0" : typeof v === "number" ? String(v) : v);',
      'for await (const batch of table.batches()) out.push(batch.numRows, ...batch.columns.flat().map(show));',
      'console.log(JSON.stringify(out));',
    ].join('\n');
    const { code, stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], join(dir, 'small-lz4.arrows'));
    expect(code, stderr).toBe(0);
    const expected = [0, 4, 8].flatMap((start) => {
      const rows = start === 8 ? 2 : 4;
      const cells = CELLS.flatMap((column) => column.slice(start, start + rows));
      return [rows, ...cells.map((v) => (Object.is(v, -0) ? '-0' : typeof v === 'number' ? String(v) : v))];
    });
    expect(JSON.parse(stdout)).toEqual(expected);
  });
});

describe('compressed Arrow buffers: the codecs', () => {
  /** What apache-arrow hands a codec: a view into the body, right after the 8-byte length prefix. */
  function prefixed(compressed: Uint8Array, length: number): Uint8Array {
    const body = new Uint8Array(8 + compressed.length);
    new DataView(body.buffer).setBigInt64(0, BigInt(length), true);
    body.set(compressed, 8);
    return body.subarray(8);
  }

  it.each([
    { codec: 'LZ4_FRAME', type: CompressionType.LZ4_FRAME, file: 'frame.lz4' },
    { codec: 'ZSTD', type: CompressionType.ZSTD, file: 'frame.zst' },
  ])('$codec: decodes what Arrow encoded, 8-byte aligned, and checks the length prefix', async ({ codec, type, file }) => {
    const raw = new Uint8Array(await readFile(join(dir, 'frame.bin')));
    const compressed = new Uint8Array(await readFile(join(dir, file)));
    const decode = (data: Uint8Array) => compressionRegistry.get(type)!.decode!(data);

    const out = decode(prefixed(compressed, raw.length));
    expect(out.byteOffset % 8).toBe(0);
    expect(Buffer.from(out).equals(Buffer.from(raw))).toBe(true);

    expect(() => decode(prefixed(compressed, raw.length + 8))).toThrow(
      new ArrowCodecError('TABLE_ARROW_INVALID', `a ${codec} buffer decompressed to ${raw.length} bytes, but its header says ${raw.length + 8}`),
    );
    const garbage = compressed.slice();
    garbage.fill(0x55, 0, 4); // no frame magic
    expect(() => decode(prefixed(garbage, raw.length))).toThrow(new RegExp(`^a ${codec} buffer does not decompress: `));
  });

  it('reads buffers left uncompressed (length -1) next to compressed ones', async () => {
    // apache-arrow's writer keeps a buffer raw when compressing does not make it smaller: the tiny
    // buffers of the fixture table, while the long table's compress.
    const long = makeTable({
      id: Int32Array.from({ length: 1000 }, (_, i) => i % 7),
      x: Float64Array.from({ length: 1000 }, (_, i) => [0.5, -0, NaN, Infinity][i % 4]),
    });
    const ours = compressionRegistry.get(CompressionType.LZ4_FRAME)!;
    compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: ours.decode!, encode: (data: Uint8Array) => lz4Compress(data) });
    let written: Uint8Array[];
    try {
      written = [arrowTable(), long].map((table) => tableToIPC(table, 'stream', CompressionType.LZ4_FRAME));
    } finally {
      registerArrowCodecs();
    }
    const counts = { compressed: 0, raw: 0 };
    const [mixed, longBytes] = written.map((bytes) => fixLengthPrefixes(bytes, counts));
    expect(counts.compressed).toBeGreaterThan(0);
    expect(counts.raw).toBeGreaterThan(0);
    await writeFile(join(dir, 'mixed.arrows'), mixed);
    await writeFile(join(dir, 'mixed-long.arrows'), longBytes);
    expectSameCells((await readTable(join(dir, 'mixed.arrows'))).cells, CELLS);
    const back = await readTable(join(dir, 'mixed-long.arrows'));
    const want = (['id', 'x'] as const).map((name) => Array.from(long.getChild(name)!.toArray() as ArrayLike<number>));
    expectSameCells(back.cells, want, ['id', 'x']);

    // Unfixed, the prefixes hold the compressed length (apache-arrow 21's writer bug), which
    // pyarrow refuses as well.
    await writeFile(join(dir, 'as-written.arrows'), written[1]);
    const error = await readError(join(dir, 'as-written.arrows'));
    expect(error.code).toBe('TABLE_ARROW_INVALID');
    expect(error.message).toMatch(/:1: a LZ4_FRAME buffer decompressed to \d+ bytes, but its header says \d+, the compressed size: the file was written by a faulty Arrow writer/);
  });
});

describe('compressed Arrow record batches that cannot be read', () => {
  it('refuses a codec it does not know, naming it', async () => {
    const bytes = setCodec(new Uint8Array(await readFile(join(dir, 'small-zstd.arrows'))), 7);
    const path = join(dir, 'codec7.arrows');
    await writeFile(path, bytes);
    const error = await readError(path);
    expect(error.code).toBe('TABLE_ARROW_COMPRESSED');
    expect(error.message).toBe(
      `${path}:1: record batches are compressed with codec id 7, which this reader does not know (it reads LZ4_FRAME and ZSTD); ` +
        "write with compression='lz4', 'zstd' or 'uncompressed'",
    );
  });

  it('says which buffer does not decompress, and where', async () => {
    // A stand-in ZSTD "encoder": magic + the bytes, which is no smaller, so the writer keeps the
    // buffer raw, except for the 64 bytes of the second batch, "compressed" to magic + 2 bytes.
    const magic = [0x28, 0xb5, 0x2f, 0xfd];
    const encode = (data: Uint8Array) => Uint8Array.from(data.length === 64 ? [...magic, 0xff, 0xff] : [...magic, ...data]);
    compressionRegistry.set(CompressionType.ZSTD, { encode });
    let bytes: Uint8Array;
    try {
      const first = makeTable({ x: Float64Array.of(0.5, 1) });
      const second = makeTable({ x: Float64Array.of(1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5) });
      bytes = tableToIPC(new Table([...first.batches, ...second.batches]), 'stream', CompressionType.ZSTD);
    } finally {
      registerArrowCodecs();
    }
    const path = join(dir, 'bad-zstd.arrows');
    await writeFile(path, bytes);
    const error = await readError(path);
    expect(error.code).toBe('TABLE_ARROW_INVALID');
    expect(error.where).toBe(`${path}:3`);
    expect(error.message).toMatch(/:3: a ZSTD buffer does not decompress: /);
  });

  it('names the codec-less case when a decoder was swapped out', async () => {
    const path = join(dir, 'small-lz4.feather');
    compressionRegistry.set(CompressionType.LZ4_FRAME, {});
    try {
      const error = await readError(path);
      expect(error.code).toBe('TABLE_ARROW_COMPRESSED');
      expect(error.message).toBe(`${path}: record batches are compressed with a codec that has no decoder registered`);
    } finally {
      registerArrowCodecs();
    }
  });
});

interface BatchMeta {
  /** Where the codec byte is, if written (LZ4_FRAME, the default, may be left out). */
  codecAt: number | undefined;
  /** Each body buffer: its position in the stream and its length. */
  buffers: Array<{ at: number; length: number }>;
}

/**
 * A copy of an Arrow IPC stream, `edit` called on it for each compressed record batch (dictionary
 * batches' included). Walks the flatbuffers by hand: Message.header → RecordBatch (or
 * DictionaryBatch.data) → compression, buffers.
 */
function editCompressedBatches(stream: Uint8Array, edit: (bytes: Uint8Array, view: DataView, batch: BatchMeta) => void): Uint8Array {
  const bytes = stream.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const table = (at: number) => at + view.getUint32(at, true);
  const field = (t: number, index: number): number | undefined => {
    const vtable = t - view.getInt32(t, true);
    const offset = 4 + 2 * index < view.getUint16(vtable, true) ? view.getUint16(vtable + 4 + 2 * index, true) : 0;
    return offset === 0 ? undefined : t + offset;
  };
  let edited = 0;
  for (let at = 0; at + 8 <= bytes.length; ) {
    expect(view.getUint32(at, true), 'a continuation marker').toBe(0xffffffff);
    const length = view.getInt32(at + 4, true);
    if (length === 0) break;
    const message = table(at + 8);
    const body = at + 8 + length;
    const type = bytes[field(message, 1)!];
    if (type === 2 /* DictionaryBatch */ || type === 3 /* RecordBatch */) {
      let batch = table(field(message, 2)!);
      if (type === 2) batch = table(field(batch, 1)!);
      const compression = field(batch, 3);
      if (compression !== undefined) {
        const vector = table(field(batch, 2)!);
        const buffers = Array.from({ length: view.getUint32(vector, true) }, (_, i) => ({
          at: body + Number(view.getBigInt64(vector + 4 + 16 * i, true)),
          length: Number(view.getBigInt64(vector + 12 + 16 * i, true)),
        }));
        edit(bytes, view, { codecAt: field(table(compression), 0), buffers });
        edited++;
      }
    }
    const bodyLength = field(message, 3);
    at = body + (bodyLength === undefined ? 0 : Number(view.getBigInt64(bodyLength, true)));
  }
  expect(edited, 'compressed batches').toBeGreaterThan(0);
  return bytes;
}

/** The stream with every batch's codec byte set to `codec`. */
function setCodec(stream: Uint8Array, codec: number): Uint8Array {
  return editCompressedBatches(stream, (bytes, _view, { codecAt }) => {
    expect(codecAt, 'the codec byte is written (ZSTD is not the default)').toBeDefined();
    bytes[codecAt!] = codec;
  });
}

/**
 * An LZ4 stream from apache-arrow's writer with the length prefixes it gets wrong put right: the
 * uncompressed length, as the format says, not the compressed one. Counts both kinds of buffer.
 */
function fixLengthPrefixes(stream: Uint8Array, counts: { compressed: number; raw: number }): Uint8Array {
  return editCompressedBatches(stream, (bytes, view, { buffers }) => {
    for (const { at, length } of buffers) {
      if (length === 0) continue;
      if (view.getBigInt64(at, true) === -1n) {
        counts.raw++;
      } else {
        counts.compressed++;
        view.setBigInt64(at, BigInt(lz4Decompress(bytes.subarray(at + 8, at + length)).length), true);
      }
    }
  });
}
