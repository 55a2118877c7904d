import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import { bytesMayHoldPrototypeKey } from '../../domain/parse-json.js';
import { kafkaClient } from './kafka-client.js';
import { KafkaIoError } from './kafka-io-error.js';
import type { LogConsumerOptions, LogStart, ProcessedOffset } from './log-consumer.js';

/**
 * About 10,000 messages of a recorded log per fetch, half the default queue: kafkajs sends the next
 * fetch only when every batch of the last one is taken, so with a fetch's worth still queued the
 * next is on its way while the reader works through the queue.
 */
export const LOG_FETCH = { maxBytes: 8 << 20, maxBytesPerPartition: 2 << 20 } as const;

/** Default of `LogConsumerOptions.maxQueued`. */
export const MAX_QUEUED = 20_000;

/** Messages of one partition, in offset order, packed for a reader on another thread. */
export interface FetchedMessages {
  readonly partition: number;
  readonly offsets: ReadonlyArray<string>;
  /** Byte length of each message's value, one after the other in `bytes`; -1 for none (a tombstone). */
  readonly lengths: Int32Array;
  readonly bytes: Uint8Array;
  /** Per message, 1 when its value may hold a prototype key (`bytesMayHoldPrototypeKey`): the reader's thread is spared the scan. */
  readonly suspect: Uint8Array;
}

/** What the fetcher tells its reader. */
export type FetcherEvent =
  | { readonly type: 'fetched'; readonly fetched: FetchedMessages }
  | { readonly type: 'assigned'; readonly partitions: ReadonlyArray<number> }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly error: KafkaIoError };

/**
 * The kafkajs side of a `LogConsumer`, run on a worker thread: joins the group, fetches the topic's
 * messages from where each partition starts to where it ends, and hands them on undecoded, pausing
 * while `maxQueued` of them wait for the reader (who says what it `took`). Offsets are committed
 * only on request.
 *
 * With end 'end' or a timestamp, reading ends when every partition assigned to this member has
 * reached its end; the member stays in the group (holding its partitions) until `close()`, so a
 * member that finishes first does not hand its partitions to another mid-way. Partitions handed to
 * this member by a rebalance after reading ended are not read.
 */
export class LogFetcher {
  private wakeFetcher: (() => void) | undefined;
  private finished = false;
  private started = false;
  /** Messages handed on and not yet taken by the reader. */
  private queued = 0;
  /** Partitions of this member in the current generation. */
  private assigned: ReadonlySet<number> = new Set();
  /** Where each partition's next message is: past the last one handed on, or where it starts. */
  private readonly next = new Map<number, bigint>();
  /** Whether `groupMembers` have joined; a member alone needs no look at the group (which waited for it to settle). */
  private membersJoined: boolean;
  /** Settles when the current generation's positions are known (and seeks are issued). */
  private joined: Promise<void> = Promise.resolve();

  private constructor(
    private readonly consumer: Consumer,
    private readonly admin: Admin,
    readonly topic: string,
    private readonly groupId: string,
    /** Per partition, the offset reading stops before; undefined when following. */
    private readonly ends: ReadonlyMap<number, bigint> | undefined,
    private readonly starts: ReadonlyMap<number, bigint>,
    private readonly maxQueued: number,
    private readonly groupMembers: number,
    private readonly emit: (event: FetcherEvent) => void,
  ) {
    this.membersJoined = groupMembers <= 1;
  }

  static async connect(options: LogConsumerOptions, emit: (event: FetcherEvent) => void): Promise<LogFetcher> {
    const { topic, groupId } = options;
    const kafka = kafkaClient(options);
    const admin = kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      throw new KafkaIoError('KAFKA_CONNECT', `cannot reach the brokers ${options.brokers.join(',')}: ${(error as Error).message}`, topic);
    }
    try {
      const topics = await admin.listTopics();
      if (!topics.includes(topic)) throw new KafkaIoError('KAFKA_TOPIC', 'no such topic', topic);
      const offsets = await admin.fetchTopicOffsets(topic);
      const low = new Map(offsets.map((o) => [o.partition, BigInt(o.low)]));
      const high = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
      const starts = await resolveStart(admin, topic, options.start ?? 'earliest', low, high);
      const end = options.end ?? 'end';
      const ends = end === 'follow' ? undefined : end === 'end' ? high : await offsetsAt(admin, topic, end.timestamp, high);
      // A short fetch wait: close() waits for the fetch in flight, and finished partitions are paused.
      const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, ...LOG_FETCH, maxWaitTimeInMs: 500 });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
      } catch (error) {
        await consumer.disconnect();
        throw error;
      }
      return new LogFetcher(consumer, admin, topic, groupId, ends, starts, options.maxQueued ?? MAX_QUEUED, options.groupMembers ?? 1, emit);
    } catch (error) {
      await admin.disconnect();
      if (error instanceof KafkaIoError) throw error;
      throw new KafkaIoError('KAFKA_CONSUME', (error as Error).message, topic);
    }
  }

  /** Starts fetching. Once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      const mine = event.payload.memberAssignment[this.topic] ?? [];
      this.assigned = new Set(mine);
      this.emit({ type: 'assigned', partitions: [...mine] });
      this.joined = this.afterJoin();
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.stop({ type: 'error', error: new KafkaIoError('KAFKA_CONSUME', `the consumer stopped: ${event.payload.error.message}`, this.topic) });
    });
    this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) }).catch((error: Error) => {
      this.stop({ type: 'error', error: new KafkaIoError('KAFKA_CONSUME', error.message, this.topic) });
    });
  }

  /** The reader has taken `count` messages off its queue. */
  took(count: number): void {
    this.queued -= count;
    // Woken at half: waking per message would cost a round of promises for every few records.
    if (this.wakeFetcher && this.queued <= this.maxQueued / 2) this.wakeFetcher();
  }

  /**
   * Commits, per partition, the offset after the last message whose results are durable (the
   * highest given per partition), so a restarted group resumes just after it.
   */
  async commit(processed: Iterable<ProcessedOffset>): Promise<void> {
    const through = new Map<number, bigint>();
    for (const p of processed) {
      const offset = BigInt(p.offset);
      if ((through.get(p.partition) ?? -1n) < offset) through.set(p.partition, offset);
    }
    if (through.size === 0) return;
    try {
      await this.consumer.commitOffsets([...through].map(([partition, offset]) => ({ topic: this.topic, partition, offset: String(offset + 1n) })));
    } catch (error) {
      throw new KafkaIoError('KAFKA_COMMIT', `offsets not committed (a rebalance took the partitions?): ${(error as Error).message}`, this.topic);
    }
  }

  /** Leaves the group and disconnects. */
  async close(): Promise<void> {
    this.finished = true;
    this.wakeFetcher?.();
    try {
      await this.consumer.disconnect();
    } finally {
      await this.admin.disconnect();
    }
  }

  /** The last event: the end, or an error. */
  private stop(event: FetcherEvent & { type: 'done' | 'error' }): void {
    if (this.finished) return;
    this.finished = true;
    this.emit(event);
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }: EachBatchPayload): Promise<void> {
    await this.joined;
    if (!(await this.awaitMembers(heartbeat, isRunning, isStale))) return;
    const partition = batch.partition;
    const end = this.ends?.get(partition);
    const messages = batch.messages;
    // Offsets rise through a batch: what lies before the start (fetched before a seek took effect,
    // or handed on by this member before a rebalance gave the partition back) is at its head, what
    // lies at or past the end at its tail. Neither is handed on.
    const next = this.next.get(partition) ?? 0n;
    let from = 0;
    while (from < messages.length && BigInt(messages[from]!.offset) < next) from++;
    let to = messages.length;
    if (end !== undefined) while (to > from && BigInt(messages[to - 1]!.offset) >= end) to--;
    if (from < to && (await this.roomToQueue(heartbeat, isRunning, isStale))) {
      this.queued += to - from;
      this.emit({ type: 'fetched', fetched: pack(messages, partition, from, to) });
      const last = messages[to - 1]!.offset;
      // Resolved once per batch: kafkajs fetches on from the resolved offset.
      resolveOffset(last);
      this.next.set(partition, BigInt(last) + 1n);
    }
    if (end !== undefined && (this.next.get(partition) ?? 0n) >= end) {
      pause();
      this.checkDone();
    }
  }

  /** Waits while `maxQueued` messages wait for the reader; false when a stop, a rebalance or a seek came first. */
  private async roomToQueue(heartbeat: () => Promise<void>, isRunning: () => boolean, isStale: () => boolean): Promise<boolean> {
    while (this.queued >= this.maxQueued && !this.finished && isRunning() && !isStale()) {
      // Heartbeats go on while the reader catches up, or the group would count this member dead.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        this.wakeFetcher = () => { clearTimeout(timer); resolve(); };
      });
      this.wakeFetcher = undefined;
      await heartbeat();
    }
    return !this.finished && isRunning() && !isStale();
  }

  /** Waits for `groupMembers` members; false when a rebalance or a stop came first (the batch is then dropped, unread). */
  private async awaitMembers(heartbeat: () => Promise<void>, isRunning: () => boolean, isStale: () => boolean): Promise<boolean> {
    while (!this.membersJoined) {
      if (this.finished || !isRunning() || isStale()) return false;
      const group = await this.consumer.describeGroup();
      if (group.state === 'Stable' && group.members.length >= this.groupMembers) this.membersJoined = true;
      else {
        await delay(200);
        await heartbeat();
      }
    }
    return true;
  }

  /**
   * After a (re)join: where each assigned partition starts (the group's committed offset, else the
   * `start` option, never before what this member already handed on), seeking there when that is
   * not where kafkajs would begin; then whether every assigned partition is already at its end.
   */
  private async afterJoin(): Promise<void> {
    try {
      const [committed] = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] });
      const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, p.offset]));
      for (const partition of this.assigned) {
        const offset = byPartition.get(partition) ?? '-1';
        const at = offset === '-1' ? this.starts.get(partition)! : BigInt(offset);
        const from = (this.next.get(partition) ?? -1n) > at ? this.next.get(partition)! : at;
        this.next.set(partition, from);
        if (offset === '-1' || from !== at) this.consumer.seek({ topic: this.topic, partition, offset: String(from) });
      }
      this.checkDone();
    } catch (error) {
      this.stop({ type: 'error', error: new KafkaIoError('KAFKA_CONSUME', `cannot read the group's offsets: ${(error as Error).message}`, this.topic) });
    }
  }

  private checkDone(): void {
    if (this.ends === undefined || this.finished) return;
    for (const partition of this.assigned) {
      if ((this.next.get(partition) ?? -1n) < (this.ends.get(partition) ?? 0n)) return;
    }
    this.stop({ type: 'done' });
  }
}

/** Copies the values into one buffer that can move to the reader's thread without another copy. */
function pack(messages: EachBatchPayload['batch']['messages'], partition: number, from: number, to: number): FetchedMessages {
  const offsets = new Array<string>(to - from);
  const lengths = new Int32Array(to - from);
  let size = 0;
  for (let i = from; i < to; i++) size += messages[i]!.value?.length ?? 0;
  // Not from Buffer's shared pool: the whole ArrayBuffer is handed over.
  const bytes = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (let i = from; i < to; i++) {
    const message = messages[i]!;
    offsets[i - from] = message.offset;
    const value = message.value;
    if (value === null) lengths[i - from] = -1;
    else {
      lengths[i - from] = value.length;
      at += value.copy(bytes, at);
    }
  }
  return { partition, offsets, lengths, bytes, suspect: bytesMayHoldPrototypeKey(bytes, lengths) };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function resolveStart(admin: Admin, topic: string, start: LogStart, low: ReadonlyMap<number, bigint>, high: ReadonlyMap<number, bigint>): Promise<Map<number, bigint>> {
  if (start === 'earliest') return new Map(low);
  if (start === 'latest') return new Map(high);
  if ('timestamp' in start) return offsetsAt(admin, topic, start.timestamp, high);
  const starts = new Map(low);
  for (const [key, offset] of Object.entries(start.offsets)) {
    const partition = Number(key);
    if (!starts.has(partition)) throw new KafkaIoError('KAFKA_OPTIONS', `partition ${partition} does not exist`, topic);
    if (!/^\d+$/.test(offset)) throw new KafkaIoError('KAFKA_OPTIONS', `offset '${offset}' of partition ${partition} is not a non-negative integer`, topic);
    starts.set(partition, BigInt(offset));
  }
  return starts;
}

/** Per partition, the first offset stamped at or after `timestamp`, or the end when none is. */
async function offsetsAt(admin: Admin, topic: string, timestamp: number, high: ReadonlyMap<number, bigint>): Promise<Map<number, bigint>> {
  if (!Number.isFinite(timestamp)) throw new KafkaIoError('KAFKA_OPTIONS', `timestamp ${timestamp} is not a number of milliseconds`, topic);
  const found = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
  return new Map(found.map((o) => [o.partition, o.offset === '-1' ? high.get(o.partition)! : BigInt(o.offset)]));
}
