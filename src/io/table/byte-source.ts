import { open, type FileHandle } from 'node:fs/promises';
import { TableError } from './table-error.js';

/** Large enough that per-chunk overhead vanishes, small enough to keep memory per table flat. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The raw bytes of a table's input, read sequentially in chunks, with a peek at the start for
 * format sniffing. `-` is stdin. A regular file also exposes its handle, because Arrow's file
 * format is read by seeking (footer first) rather than front to back.
 */
export class ByteSource {
  private readonly pending: Uint8Array[] = [];
  private done = false;
  private closed = false;

  private constructor(
    /** The path as given; errors name it. */
    readonly path: string,
    readonly file: FileHandle | undefined,
    private readonly next: () => Promise<Uint8Array | undefined>,
    private readonly release: () => Promise<void>,
  ) {}

  /** How errors name the input: the path, or `<stdin>`. */
  get name(): string {
    return this.path === '-' ? '<stdin>' : this.path;
  }

  static async open(path: string): Promise<ByteSource> {
    if (path === '-') return ByteSource.stdin();
    let file: FileHandle;
    try {
      file = await open(path, 'r');
    } catch (error) {
      throw fileError(error, path);
    }
    try {
      if ((await file.stat()).isDirectory()) throw new TableError('TABLE_UNREADABLE', 'is a directory', path);
    } catch (error) {
      await file.close();
      throw error;
    }
    const next = async (): Promise<Uint8Array | undefined> => {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      let bytesRead: number;
      try {
        ({ bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null));
      } catch (error) {
        throw fileError(error, path);
      }
      return bytesRead === 0 ? undefined : buffer.subarray(0, bytesRead);
    };
    return new ByteSource(path, file, next, () => file.close());
  }

  private static stdin(): ByteSource {
    const chunks = process.stdin[Symbol.asyncIterator]();
    const next = async (): Promise<Uint8Array | undefined> => {
      const { done, value } = await chunks.next();
      return done ? undefined : (value as Buffer);
    };
    return new ByteSource('-', undefined, next, async () => {
      await chunks.return?.();
    });
  }

  /** Up to `length` bytes from the start, without consuming them (fewer only at end of input). */
  async peek(length: number): Promise<Uint8Array> {
    let have = this.pending.reduce((sum, chunk) => sum + chunk.length, 0);
    while (have < length && !this.done) {
      const chunk = await this.pull();
      if (chunk === undefined) break;
      this.pending.push(chunk);
      have += chunk.length;
    }
    return Buffer.concat(this.pending).subarray(0, length);
  }

  /** The next chunk, or `undefined` at the end of input. */
  async read(): Promise<Uint8Array | undefined> {
    return this.pending.shift() ?? (await this.pull());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }

  private async pull(): Promise<Uint8Array | undefined> {
    // Reading on after close() would look like a short table; say what happened instead.
    if (this.closed) throw new TableError('TABLE_CLOSED', 'read after close()', this.name);
    if (this.done) return undefined;
    const chunk = await this.next();
    if (chunk === undefined) this.done = true;
    return chunk;
  }
}

function fileError(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TableError('TABLE_NOT_FOUND', 'no such file', path);
  if (code === 'EACCES' || code === 'EISDIR' || code === 'EPERM') {
    return new TableError('TABLE_UNREADABLE', (error as Error).message, path);
  }
  return error as Error;
}
