import { Partitioners, type Producer } from 'kafkajs';
import type { AuctionLogRecord } from '../../domain/index.js';
import { encodeLogRecord } from '../log/index.js';
import { kafkaClient, type KafkaClientOptions } from './kafka-client.js';
import { KafkaIoError } from './kafka-io-error.js';

export interface LogProducerOptions extends KafkaClientOptions {
  readonly topic: string;
  /** Records sent per produce request. Default 2,000. */
  readonly batchRecords?: number;
}

/**
 * The message key of a record: the user's advertising id, so one user's records land on one
 * partition in the order written (Kafka's default murmur2 partitioner, as Java clients use). A
 * request without an ifa (limited ad tracking) is keyed by `user.id`, else by its own id.
 */
export function partitionKey(record: AuctionLogRecord): string {
  const { device, user, id } = record.request;
  if (device?.ifa) return device.ifa;
  if (user?.id) return `user:${user.id}`;
  return `request:${id}`;
}

/**
 * Publishes a log to a topic: each record one message (the NDJSON line's JSON as its value, keyed
 * by `partitionKey`, stamped with the auction time so a replay can start from a time). Records
 * are sent in batches, one request in flight, every one acknowledged by all in-sync replicas, so
 * records of one key keep their order even when a send is retried.
 */
export class LogProducer {
  private pending: { key: string; value: string; timestamp: string }[] = [];
  private sent = 0;

  private constructor(
    private readonly producer: Producer,
    readonly topic: string,
    private readonly batchRecords: number,
  ) {}

  static async connect(options: LogProducerOptions): Promise<LogProducer> {
    const producer = kafkaClient(options).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      // kafkajs refuses an idempotent producer that may not retry.
      retry: { retries: Math.max(1, options.retries ?? 5) },
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    try {
      await producer.connect();
    } catch (error) {
      throw new KafkaIoError('KAFKA_CONNECT', `cannot reach the brokers ${options.brokers.join(',')}: ${(error as Error).message}`, options.topic);
    }
    return new LogProducer(producer, options.topic, options.batchRecords ?? 2_000);
  }

  /** Records acknowledged by the broker so far. */
  get recordCount(): number { return this.sent; }

  /** Queues one record; a full batch is sent (and awaited) before this resolves. */
  async write(record: AuctionLogRecord): Promise<void> {
    this.pending.push({ key: partitionKey(record), value: encodeLogRecord(record), timestamp: String(Math.round(record.time * 1000)) });
    if (this.pending.length >= this.batchRecords) await this.flush();
  }

  /** Sends what is queued; resolves once the broker has acknowledged it. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const messages = this.pending;
    this.pending = [];
    try {
      await this.producer.send({ topic: this.topic, messages, acks: -1 });
    } catch (error) {
      const message = (error as Error).message;
      const hint = /timestamp/i.test(message)
        ? ' (message timestamps are the auction times: the topic refuses times beyond its message.timestamp.after.max.ms / before.max.ms; createLogTopic lifts the limit)'
        : '';
      throw new KafkaIoError('KAFKA_PRODUCE', `${messages.length} records not acknowledged: ${message}${hint}`, this.topic);
    }
    this.sent += messages.length;
  }

  /** Flushes, then disconnects. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.producer.disconnect();
    }
  }
}
