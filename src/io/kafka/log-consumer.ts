import { Worker } from 'node:worker_threads';
import { prepareLogRecordCheck } from '../../domain/auction-log-schema.js';
import type { LogItem, LogPosition } from '../../domain/index.js';
import { decodeLogUtf8 } from '../log/decode-log-record.js';
import type { KafkaClientOptions } from './kafka-client.js';
import { KafkaIoError } from './kafka-io-error.js';
import { type ErrorData, type FetcherData, type FromFetcher, kafkaIoError, type ToFetcher } from './log-fetch-messages.js';
import type { FetchedMessages } from './log-fetcher.js';

/** Where a partition starts when its group has no committed offset for it. */
export type LogStart =
  | 'earliest'
  | 'latest'
  /** The first message stamped at or after this time (unix milliseconds). */
  | { readonly timestamp: number }
  /** Explicit offsets by partition; partitions not named start at the earliest. */
  | { readonly offsets: Readonly<Record<number, string>> };

/** Where reading stops. */
export type LogEnd =
  /** The end of each partition when the consumer connected: a finite replay of what the topic held. */
  | 'end'
  /** Before the first message stamped at or after this time (unix milliseconds). */
  | { readonly timestamp: number }
  /** Never: follow the topic as it grows. */
  | 'follow';

export interface LogConsumerOptions extends KafkaClientOptions {
  readonly topic: string;
  /**
   * The consumer group. Processes sharing a group split the topic's partitions between them, and
   * the group's committed offsets are where a restarted replay resumes.
   */
  readonly groupId: string;
  /** Default 'earliest'. Ignored for partitions where the group has committed an offset. */
  readonly start?: LogStart;
  /** Default 'end'. */
  readonly end?: LogEnd;
  /**
   * Messages fetched ahead of the caller (undecoded) before fetching pauses; a fetched batch is
   * taken whole. Default 20,000 (`MAX_QUEUED`).
   */
  readonly maxQueued?: number;
  /**
   * Read nothing until this many members have joined the group. For scale-out runs started
   * together: a member that read before the others joined would lose partitions (and their
   * uncommitted records) to them at the next rebalance, and those records would be read twice.
   * Default 1.
   */
  readonly groupMembers?: number;
}

/** A partition and the offset of the last message whose results are durable. */
export interface ProcessedOffset {
  readonly partition: number;
  readonly offset: string;
}

/** One fetched batch, decoded up to message `from`, whose value starts at byte `at` of `bytes`. */
interface Queued {
  readonly fetched: FetchedMessages;
  readonly bytes: Buffer;
  from: number;
  at: number;
}

type Slot = { queued: Queued } | { done: true } | { error: Error };

/**
 * Records decoded per step of `batches()`: few, so that a replay is done with them before the next
 * minor collection and they die young (with 256 a step, a replay spent three times as long in the
 * collector copying decoded records out of the young generation); enough that the per-step
 * promises are noise.
 */
const DECODE_STEP = 64;

/**
 * Reads a log topic as an async iterable of records and bad-record items, each with its
 * topic/partition/offset (one by one, or in small arrays). A worker thread runs kafkajs (a
 * `LogFetcher`: the group, fetching, the Kafka protocol) and hands over the messages' bytes; each
 * message is decoded and checked on this thread when the caller asks for it. Offsets are committed
 * only when the caller says its results are durable (`commit`), never automatically, so a crash
 * replays at most what was not yet committed.
 *
 * With end 'end' or a timestamp, the iteration ends when every partition assigned to this member
 * has reached its end; the member stays in the group (holding its partitions) until `close()`, so
 * a member that finishes first does not hand its partitions to another mid-way. Partitions handed
 * to this member by a rebalance after the iteration ended are not read.
 */
export class LogConsumer {
  private readonly slots: Slot[] = [];
  private head = 0;
  private wakeReader: (() => void) | undefined;
  private finished = false;
  private started = false;
  private closed: Promise<void> | undefined;
  private assigned: ReadonlyArray<number> = [];
  private nextRequest = 0;
  private readonly requests = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private onClosed: ((error: ErrorData | undefined) => void) | undefined;
  private exited = false;

  private constructor(private readonly worker: Worker, readonly topic: string) {}

  static async connect(options: LogConsumerOptions): Promise<LogConsumer> {
    const { log, ...rest } = options;
    const data: FetcherData = { ...rest, log: log !== undefined };
    const worker = fetchWorker(data);
    // While the worker connects and joins.
    prepareLogRecordCheck();
    return new Promise<LogConsumer>((resolve, reject) => {
      const consumer = new LogConsumer(worker, options.topic);
      let connected = false;
      worker.on('message', (message: FromFetcher) => {
        if (message.type === 'connected') {
          connected = true;
          resolve(consumer);
        } else if (message.type === 'failed') {
          reject(kafkaIoError(message.error));
          void worker.terminate();
        }
        else if (message.type === 'log') log?.(message.level, message.message);
        else consumer.onMessage(message);
      });
      worker.on('error', (error) => {
        const failure = new KafkaIoError('KAFKA_CONSUME', `the fetch worker failed: ${error.message}`, options.topic);
        if (connected) consumer.push({ error: failure });
        else reject(failure);
      });
      worker.on('exit', () => {
        const gone = new KafkaIoError('KAFKA_CONSUME', 'the fetch worker stopped', options.topic);
        if (!connected) reject(gone);
        consumer.exited = true;
        consumer.push({ error: gone });
        for (const request of consumer.requests.values()) request.reject(new KafkaIoError('KAFKA_COMMIT', 'offsets not committed: the fetch worker stopped', options.topic));
        consumer.requests.clear();
        consumer.onClosed?.(undefined);
      });
    });
  }

  /** The partitions this member reads in the current generation. */
  get partitions(): ReadonlyArray<number> {
    return [...this.assigned].sort((a, b) => a - b);
  }

  /** The items, as fetched. Single pass (this or `batches()`); call `close()` afterwards, also after leaving the loop early. */
  records(): AsyncIterable<LogItem> {
    return oneByOne(this.batches());
  }

  /**
   * The items, as fetched, a few dozen at a time (each array from one partition, in offset
   * order): no promise per item for a caller that loops over them. Single pass (this or
   * `records()`); call `close()` afterwards, also after leaving the loop early.
   */
  batches(): AsyncIterable<ReadonlyArray<LogItem>> {
    if (this.started) throw new KafkaIoError('KAFKA_SINGLE_PASS', 'the topic was already read by this consumer', this.topic);
    this.started = true;
    this.send({ type: 'start' });
    return this.decodeQueued();
  }

  /**
   * Commits, per partition, the offset after the last message whose results are durable (the
   * highest given per partition), so a restarted group resumes just after it.
   */
  commit(processed: Iterable<ProcessedOffset>): Promise<void> {
    const id = this.nextRequest++;
    return new Promise<void>((resolve, reject) => {
      if (this.closed || this.exited) {
        reject(new KafkaIoError('KAFKA_COMMIT', 'offsets not committed: the consumer is closed', this.topic));
        return;
      }
      this.requests.set(id, { resolve, reject });
      this.send({ type: 'commit', id, processed: [...processed] });
    });
  }

  /** Leaves the group, disconnects and ends the worker. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.finished = true;
      const error = this.exited ? undefined : await new Promise<ErrorData | undefined>((resolve) => {
        this.onClosed = resolve;
        this.send({ type: 'close' });
      });
      this.onClosed = undefined;
      await this.worker.terminate();
      if (error) throw kafkaIoError(error);
    })();
    return this.closed;
  }

  private send(message: ToFetcher): void {
    this.worker.postMessage(message);
  }

  private onMessage(message: Exclude<FromFetcher, { type: 'connected' | 'failed' | 'log' }>): void {
    switch (message.type) {
      case 'fetched': {
        const { fetched } = message;
        const bytes = Buffer.from(fetched.bytes.buffer, fetched.bytes.byteOffset, fetched.bytes.byteLength);
        this.push({ queued: { fetched, bytes, from: 0, at: 0 } });
        break;
      }
      case 'assigned':
        this.assigned = message.partitions;
        break;
      case 'done':
        this.push({ done: true });
        break;
      case 'error':
        this.push({ error: kafkaIoError(message.error) });
        break;
      case 'committed': {
        const request = this.requests.get(message.id);
        this.requests.delete(message.id);
        if (message.error) request?.reject(kafkaIoError(message.error));
        else request?.resolve();
        break;
      }
      case 'closed':
        this.onClosed?.(message.error);
        break;
    }
  }

  /** Queues fetched messages, or ends the iteration (after what is queued) with the end or an error. */
  private push(slot: Slot): void {
    if (this.finished) return;
    if (!('queued' in slot)) this.finished = true;
    this.slots.push(slot);
    this.wakeReader?.();
  }

  private async *decodeQueued(): AsyncGenerator<LogItem[]> {
    for (;;) {
      while (this.head < this.slots.length) {
        const slot = this.slots[this.head]!;
        if ('error' in slot) throw slot.error;
        if ('done' in slot) return;
        const queued = slot.queued;
        const count = queued.fetched.offsets.length;
        const from = queued.from;
        const to = Math.min(count, from + DECODE_STEP);
        queued.from = to;
        if (to === count) {
          this.dropHead();
          this.send({ type: 'took', count });
        }
        yield this.decode(queued, from, to);
      }
      await new Promise<void>((resolve) => { this.wakeReader = resolve; });
      this.wakeReader = undefined;
    }
  }

  private dropHead(): void {
    this.slots[this.head++] = undefined as unknown as Slot;
    if (this.head > 4096 && this.head * 2 > this.slots.length) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
  }

  private decode(queued: Queued, from: number, to: number): LogItem[] {
    const { fetched: { partition, offsets, lengths, suspect }, bytes } = queued;
    const items = new Array<LogItem>(to - from);
    let at = queued.at;
    for (let i = from; i < to; i++) {
      const position: LogPosition = { kind: 'kafka', topic: this.topic, partition, offset: offsets[i]! };
      const length = lengths[i]!;
      if (length < 0) {
        items[i - from] = { kind: 'bad', position, code: 'LOG_FIELD', field: undefined, reason: 'empty message (a tombstone), not a record', raw: '' };
      } else {
        items[i - from] = decodeLogUtf8(bytes, at, at + length, position, suspect[i] === 1);
        at += length;
      }
    }
    queued.at = at;
    return items;
  }
}

/**
 * The fetch worker: the compiled module next to this one, or, where this module runs from its
 * TypeScript source (the tests), that source through tsx.
 */
function fetchWorker(data: FetcherData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./log-fetch-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  // None of the process's Node flags: some (`--input-type`, `-e`) refuse a worker loaded from a file.
  if (!fromSource) return new Worker(url, { workerData: data, execArgv: [] });
  const load = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(load, { eval: true, workerData: data, execArgv: [] });
}

async function* oneByOne(batches: AsyncIterable<ReadonlyArray<LogItem>>): AsyncGenerator<LogItem> {
  for await (const items of batches) {
    for (const item of items) yield item;
  }
}
