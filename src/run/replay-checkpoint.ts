import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { ReplayError } from '../replay/index.js';

/** Where the replay had got to in its source: the last line/row of a file, or the last offset per Kafka partition. */
export type SourcePosition =
  | { readonly kind: 'file'; readonly last: number }
  | { readonly kind: 'kafka'; readonly offsets: Readonly<Record<string, string>> };

/**
 * A replay's state at a record boundary, enough to go on exactly as if it had never stopped: the
 * counters and accumulators, each policy's engine state (budgets spent, frequency-cap rows), how
 * far the source was read, how many event segments and dead-letter bytes are complete.
 */
export interface ReplayCheckpointState {
  readonly fingerprint: string;
  readonly records: number;
  readonly bad: number;
  readonly unmatched: number;
  readonly position: SourcePosition | null;
  readonly eventSegments: number;
  readonly deadLetterBytes: number;
  readonly numbers: Readonly<Record<string, ReadonlyArray<number>>>;
  /** Large typed state (frequency-cap rows), stored as raw bytes after the JSON. */
  readonly arrays: Readonly<Record<string, Float64Array>>;
}

const MAGIC = 'bidlab-replay-checkpoint-1\n';

/** A stable digest of what makes two replays the same replay (scenario, source, mode, models, options). */
export function replayFingerprint(parts: ReadonlyArray<string>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.length}:${p}`);
  return h.digest('hex');
}

/**
 * Writes a checkpoint atomically: to `<path>.tmp`, flushed to disk, then renamed over `path`, so
 * a crash at any moment leaves either the previous checkpoint or this one, never a torn file.
 * Layout: a magic line, a length-prefixed JSON header, then each array's bytes in header order.
 */
export async function writeCheckpoint(path: string, state: ReplayCheckpointState): Promise<void> {
  const { arrays, ...rest } = state;
  const names = Object.keys(arrays).sort();
  const header = Buffer.from(JSON.stringify({ ...rest, arrays: names.map((n) => [n, arrays[n]!.length]) }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.write(MAGIC);
    await file.write(length);
    await file.write(header);
    for (const n of names) { const a = arrays[n]!; await file.write(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)); }
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
}

/** Reads a checkpoint, or undefined when there is none. */
export async function readCheckpoint(path: string): Promise<ReplayCheckpointState | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new ReplayError('REPLAY_CHECKPOINT', 'not a bidlab replay checkpoint', path);
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  let offset = MAGIC.length + 4 + headerLength;
  const header = JSON.parse(bytes.subarray(MAGIC.length + 4, offset).toString('utf8')) as Omit<ReplayCheckpointState, 'arrays'> & { arrays: Array<[string, number]> };
  const arrays: Record<string, Float64Array> = {};
  for (const [name, count] of header.arrays) {
    const copy = new Float64Array(count);
    new Uint8Array(copy.buffer).set(bytes.subarray(offset, offset + count * 8));
    arrays[name] = copy;
    offset += count * 8;
  }
  if (offset !== bytes.length) throw new ReplayError('REPLAY_CHECKPOINT', 'checkpoint file has the wrong length (torn?)', path);
  return { ...header, arrays };
}

export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
}
