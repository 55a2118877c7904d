import { stat, readdir, rm, truncate, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BadLogRecord } from '../domain/index.js';
import { type ArrowCell, type ArrowColumn, ArrowTableWriter } from '../io/arrow/index.js';
import { DeadLetterWriter } from '../io/log/index.js';
import { ReplayError } from '../replay/index.js';
import { readCheckpoint, removeCheckpoint, type ReplayCheckpointState, writeCheckpoint } from './replay-checkpoint.js';

export interface ReplayOutputOptions {
  /** Per-record events as Arrow IPC segments `part-00000.arrow`, … (one per checkpoint interval). */
  readonly eventsDir?: string;
  readonly deadLetterPath?: string;
  readonly checkpointPath?: string;
  /** Go on from the checkpoint, if there is one; otherwise start afresh (and clear earlier output). */
  readonly resume?: boolean;
  readonly fingerprint: string;
}

/** What the replay checkpoints besides its outputs' own progress. */
export type ReplayProgressState = Omit<ReplayCheckpointState, 'fingerprint' | 'eventSegments' | 'deadLetterBytes'>;

export const REPLAY_EVENT_COLUMNS: ArrowColumn[] = [
  { name: 'opportunity_id', type: 'float64' }, { name: 'time', type: 'float64' }, { name: 'policy', type: 'string' },
  { name: 'bid', type: 'bool' }, { name: 'bid_cpm', type: 'float64' }, { name: 'won', type: 'bool' }, { name: 'paid_cpm', type: 'float64' },
  { name: 'observed', type: 'bool' }, { name: 'conversions', type: 'float64' }, { name: 'market_source', type: 'string' },
];

const segmentName = (k: number) => `part-${String(k).padStart(5, '0')}.arrow`;

/**
 * The durable side of a replay: event segments, dead letters and checkpoints, kept in step so that
 * a checkpoint names exactly what is complete. A checkpoint closes the current event segment and
 * flushes the dead letters before it is written; a resumed replay removes whatever was written
 * after it (later segments, dead-letter lines past its length), so nothing is lost or written twice.
 */
export class ReplayOutputs {
  private segment: ArrowTableWriter | undefined;
  private segments = 0;

  private constructor(private readonly options: ReplayOutputOptions, private readonly deadLetters: DeadLetterWriter | undefined) {}

  static async open(options: ReplayOutputOptions): Promise<{ outputs: ReplayOutputs; resumed: ReplayCheckpointState | undefined }> {
    const resumed = options.resume && options.checkpointPath ? await readCheckpoint(options.checkpointPath) : undefined;
    if (resumed && resumed.fingerprint !== options.fingerprint) {
      throw new ReplayError('REPLAY_CHECKPOINT', 'this checkpoint belongs to another replay (a different scenario, source, mode, model or option): drop --resume to start afresh', options.checkpointPath);
    }
    if (options.eventsDir) {
      await mkdir(options.eventsDir, { recursive: true });
      const keep = resumed?.eventSegments ?? 0;
      for (const name of await readdir(options.eventsDir)) {
        const m = /^part-(\d{5})\.arrow(\.partial)?$/.exec(name);
        if (m && (m[2] !== undefined || Number(m[1]) >= keep)) await rm(join(options.eventsDir, name), { force: true });
      }
    }
    if (options.deadLetterPath && resumed) {
      const size = await stat(options.deadLetterPath).then((s) => s.size, () => 0);
      if (size < resumed.deadLetterBytes) throw new ReplayError('REPLAY_CHECKPOINT', 'the dead-letter file is shorter than the checkpoint says: it was changed since', options.deadLetterPath);
      if (size > resumed.deadLetterBytes) await truncate(options.deadLetterPath, resumed.deadLetterBytes);
    }
    const deadLetters = options.deadLetterPath ? await DeadLetterWriter.open(options.deadLetterPath, { append: resumed !== undefined }) : undefined;
    const outputs = new ReplayOutputs(options, deadLetters);
    outputs.segments = resumed?.eventSegments ?? 0;
    await outputs.openSegment();
    return { outputs, resumed };
  }

  get deadLetterPath(): string | undefined { return this.deadLetters?.path; }

  /** Appends one event row to the current segment (no-op without an events folder). */
  event(row: ArrowCell[]): void {
    this.segment?.append(row);
  }

  get writesEvents(): boolean { return this.options.eventsDir !== undefined; }

  deadLetter(bad: BadLogRecord): void { this.deadLetters?.write(bad); }

  /** Makes everything so far durable and records `state` as where a resumed replay starts. */
  async checkpoint(state: ReplayProgressState): Promise<void> {
    await this.closeSegment();
    await this.openSegment();
    await this.deadLetters?.flush();
    if (!this.options.checkpointPath) return;
    const deadLetterBytes = this.options.deadLetterPath ? await stat(this.options.deadLetterPath).then((s) => s.size, () => 0) : 0;
    await writeCheckpoint(this.options.checkpointPath, { ...state, fingerprint: this.options.fingerprint, eventSegments: this.segments, deadLetterBytes });
  }

  /** The replay finished: the last segment and the dead letters are complete; no checkpoint is left to resume from. */
  async finish(): Promise<void> {
    await this.closeSegment();
    await this.deadLetters?.close();
    if (this.options.checkpointPath) await removeCheckpoint(this.options.checkpointPath);
  }

  /** The replay failed: drops the unfinished segment and keeps the last checkpoint for --resume. */
  async abort(): Promise<void> {
    await this.segment?.abort();
    this.segment = undefined;
    await this.deadLetters?.close();
  }

  /** Every interval gets its segment, empty or not, so segment k always covers the same records. */
  private async openSegment(): Promise<void> {
    if (this.options.eventsDir) this.segment = await ArrowTableWriter.open(join(this.options.eventsDir, segmentName(this.segments)), REPLAY_EVENT_COLUMNS);
  }

  private async closeSegment(): Promise<void> {
    if (!this.segment) return;
    await this.segment.close();
    this.segment = undefined;
    this.segments++;
  }
}
