import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import type { LogItem, LogPosition } from '../../domain/index.js';
import { decodeLogBytes } from '../log/index.js';
import { kafkaClient, type KafkaClientOptions } from './kafka-client.js';
import { KafkaIoError } from './kafka-io-error.js';

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
  /** Items read ahead of the caller before fetching pauses. Default 10,000. */
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

type Slot = { item: LogItem } | { done: true } | { error: Error };

/**
 * Reads a log topic as an async iterable of records and bad-record items, each with its
 * topic/partition/offset. Offsets are committed only when the caller says its results are durable
 * (`commit`), never automatically, so a crash replays at most what was not yet committed.
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
  private wakeFetcher: (() => void) | undefined;
  private finished = false;
  private started = false;
  /** Partitions of this member in the current generation. */
  private assigned: ReadonlySet<number> = new Set();
  /** Where each partition's next message is: past the last one delivered, or where it starts. */
  private readonly next = new Map<number, bigint>();
  private membersJoined = false;
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
  ) {}

  static async connect(options: LogConsumerOptions): Promise<LogConsumer> {
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
      const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxBytes: 32 << 20, maxBytesPerPartition: 8 << 20, maxWaitTimeInMs: 500 });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
      } catch (error) {
        await consumer.disconnect();
        throw error;
      }
      return new LogConsumer(consumer, admin, topic, groupId, ends, starts, options.maxQueued ?? 10_000, options.groupMembers ?? 1);
    } catch (error) {
      await admin.disconnect();
      if (error instanceof KafkaIoError) throw error;
      throw new KafkaIoError('KAFKA_CONSUME', (error as Error).message, topic);
    }
  }

  /** The partitions this member reads in the current generation. */
  get partitions(): ReadonlyArray<number> {
    return [...this.assigned].sort((a, b) => a - b);
  }

  /** The items, as fetched. Single pass; call `close()` afterwards, also after leaving the loop early. */
  records(): AsyncIterable<LogItem> {
    if (this.started) throw new KafkaIoError('KAFKA_SINGLE_PASS', 'records() was already called', this.topic);
    this.started = true;
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      const mine = event.payload.memberAssignment[this.topic] ?? [];
      this.assigned = new Set(mine);
      this.joined = this.afterJoin();
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.push({ error: new KafkaIoError('KAFKA_CONSUME', `the consumer stopped: ${event.payload.error.message}`, this.topic) });
    });
    this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) }).catch((error: Error) => {
      this.push({ error: new KafkaIoError('KAFKA_CONSUME', error.message, this.topic) });
    });
    return this.iterate();
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

  private async *iterate(): AsyncGenerator<LogItem> {
    for (;;) {
      while (this.head < this.slots.length) {
        const slot = this.slots[this.head]!;
        this.slots[this.head++] = undefined as unknown as Slot;
        if (this.head > 4096 && this.head * 2 > this.slots.length) {
          this.slots.splice(0, this.head);
          this.head = 0;
        }
        // Woken at half: waking per item would cost a round of promises for every record.
        if (this.wakeFetcher && this.slots.length - this.head <= this.maxQueued / 2) this.wakeFetcher();
        if ('item' in slot) yield slot.item;
        else if ('error' in slot) throw slot.error;
        else return;
      }
      await new Promise<void>((resolve) => { this.wakeReader = resolve; });
      this.wakeReader = undefined;
    }
  }

  private push(slot: Slot): void {
    if (this.finished && !('item' in slot)) return;
    if (!('item' in slot)) this.finished = true;
    this.slots.push(slot);
    this.wakeReader?.();
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }: EachBatchPayload): Promise<void> {
    await this.joined;
    if (!(await this.awaitMembers(heartbeat, isRunning, isStale))) return;
    const partition = batch.partition;
    const end = this.ends?.get(partition);
    // Resolved once per batch (or on leaving it), not per message: kafkajs parses each offset it is given.
    let resolved: string | undefined;
    try {
      await this.deliver(batch.messages, partition, end, isRunning, isStale, heartbeat, (offset) => { resolved = offset; });
    } finally {
      if (resolved !== undefined) resolveOffset(resolved);
    }
    if (end !== undefined && (this.next.get(partition) ?? 0n) >= end) {
      pause();
      this.checkDone();
    }
  }

  private async deliver(
    messages: EachBatchPayload['batch']['messages'], partition: number, end: bigint | undefined,
    isRunning: () => boolean, isStale: () => boolean, heartbeat: () => Promise<void>, resolve: (offset: string) => void,
  ): Promise<void> {
    for (const message of messages) {
      if (this.finished || !isRunning() || isStale()) return;
      const offset = BigInt(message.offset);
      // Before the start (fetched before the seek took effect) or already delivered by this member
      // before a rebalance gave the partition back: not delivered again.
      if (offset < (this.next.get(partition) ?? 0n)) continue;
      if (end !== undefined && offset >= end) break;
      const position: LogPosition = { kind: 'kafka', topic: this.topic, partition, offset: message.offset };
      const item: LogItem = message.value === null
        ? { kind: 'bad', position, code: 'LOG_FIELD', field: undefined, reason: 'empty message (a tombstone), not a record', raw: '' }
        : decodeLogBytes(message.value, position);
      this.push({ item });
      resolve(message.offset);
      this.next.set(partition, offset + 1n);
      while (this.slots.length - this.head >= this.maxQueued && !this.finished && isRunning() && !isStale()) {
        // Heartbeats go on while the caller catches up, or the group would count this member dead.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1_000);
          this.wakeFetcher = () => { clearTimeout(timer); resolve(); };
        });
        this.wakeFetcher = undefined;
        await heartbeat();
      }
    }
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
   * `start` option, never before what this member already delivered), seeking there when that is
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
      this.push({ error: new KafkaIoError('KAFKA_CONSUME', `cannot read the group's offsets: ${(error as Error).message}`, this.topic) });
    }
  }

  private checkDone(): void {
    if (this.ends === undefined || this.finished) return;
    for (const partition of this.assigned) {
      if ((this.next.get(partition) ?? -1n) < (this.ends.get(partition) ?? 0n)) return;
    }
    this.push({ done: true });
  }
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
