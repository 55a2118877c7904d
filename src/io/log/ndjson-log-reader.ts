import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { LogItem } from '../../domain/index.js';
import { decodeLogBytes, keep } from './decode-log-record.js';
import { LogIoError } from './log-io-error.js';

export interface NdjsonLogReadOptions {
  /** Longer lines are refused as bad records (and skipped) rather than held whole. Default 16 MiB. */
  readonly maxLineBytes?: number;
  /** The 1-based line to start at; earlier lines are passed over without being decoded (a resumed replay). Default 1. */
  readonly fromLine?: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const CHUNK_BYTES = 256 * 1024;

/** Whether a file starts with gzip's magic bytes (whatever its name says). */
export async function isGzipFile(path: string): Promise<boolean> {
  const head = await readHead(path, 2);
  return head.length === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length: number): Promise<Buffer> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LogIoError(code === 'ENOENT' ? 'LOG_NOT_FOUND' : 'LOG_UNREADABLE', code === 'ENOENT' ? 'no such file' : (error as Error).message, path);
  }
  try {
    if ((await file.stat()).isDirectory()) throw new LogIoError('LOG_UNREADABLE', 'is a directory', path);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Streams an NDJSON log, gzip-compressed or not (told by the magic bytes, not the name), one
 * chunk at a time: memory holds one chunk and one line, never the file. Yields each record with its
 * 1-based line number; a line that is not a valid record comes out as a bad-record item, so the
 * caller decides whether to count, dead-letter or stop. Blank lines are skipped. Corrupt or
 * truncated gzip data is not a record problem and throws a LogIoError naming the line it reached.
 */
export async function* readNdjsonLog(path: string, options: NdjsonLogReadOptions = {}): AsyncGenerator<LogItem> {
  const maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
  const fromLine = options.fromLine ?? 1;
  const gzip = await isGzipFile(path);
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const input = gzip ? pipeline(file, createGunzip({ chunkSize: CHUNK_BYTES }), () => {}) : file;
  let line = 1;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  /** True while the rest of an over-long line is being passed over. */
  let skipping = false;
  const tooLong = (head: Buffer): LogItem => ({
    kind: 'bad', position: { kind: 'ndjson', path, line }, code: 'LOG_TOO_LONG', field: undefined,
    reason: `line longer than ${maxLineBytes} bytes (a missing line end?)`, raw: keep(head.toString('utf8')),
  });
  try {
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        let start = 0;
        for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
          if (skipping) {
            skipping = false;
          } else if (line >= fromLine) {
            const piece = chunk.subarray(start, nl);
            if (carryBytes + piece.length > maxLineBytes) {
              yield tooLong(Buffer.concat([...carry, piece]));
            } else {
              const item = lineItem(carryBytes === 0 ? piece : Buffer.concat([...carry, piece]), path, line);
              if (item) yield item;
            }
          }
          carry = [];
          carryBytes = 0;
          line++;
          start = nl + 1;
        }
        if (skipping || start === chunk.length || line < fromLine) continue;
        const rest = chunk.subarray(start);
        // Copied: the stream may reuse the chunk's memory.
        carry.push(Buffer.from(rest));
        carryBytes += rest.length;
        if (carryBytes > maxLineBytes) {
          yield tooLong(Buffer.concat(carry));
          carry = [];
          carryBytes = 0;
          skipping = true;
        }
      }
    } catch (error) {
      if (error instanceof LogIoError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (gzip && typeof code === 'string' && code.startsWith('Z_')) {
        throw new LogIoError('LOG_GZIP', `gzip data is corrupt or truncated (${(error as Error).message})`, `${path}:${line}`);
      }
      if (code === 'ENOENT') throw new LogIoError('LOG_NOT_FOUND', 'no such file', path);
      throw error;
    }
    if (carryBytes > 0 && !skipping) {
      const item = lineItem(Buffer.concat(carry), path, line);
      if (item) yield item;
    }
  } finally {
    input.destroy();
    file.destroy();
  }
}

function lineItem(bytes: Buffer, path: string, line: number): LogItem | undefined {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 13) end--;
  let blank = true;
  for (let i = 0; i < end && blank; i++) blank = bytes[i] === 32 || bytes[i] === 9;
  if (blank) return undefined;
  return decodeLogBytes(end === bytes.length ? bytes : bytes.subarray(0, end), { kind: 'ndjson', path, line });
}
