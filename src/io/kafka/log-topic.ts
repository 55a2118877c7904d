import { kafkaClient, type KafkaClientOptions } from './kafka-client.js';
import { KafkaIoError } from './kafka-io-error.js';

export interface CreateLogTopicOptions extends KafkaClientOptions {
  readonly topic: string;
  readonly partitions: number;
  /** Default: the cluster's default replication factor. */
  readonly replicationFactor?: number;
}

/**
 * Creates a topic for a recorded log unless it exists (then leaves it as it is); resolves true
 * when it created one. Messages carry their auction times as timestamps, which may lie far in the
 * past or (a synthetic scenario's dates) in the future, so time-based retention is off (a log is
 * data rather than a buffer) and so is the check that refuses timestamps ahead of the broker clock.
 */
export async function createLogTopic(options: CreateLogTopicOptions): Promise<boolean> {
  if (!Number.isInteger(options.partitions) || options.partitions < 1) {
    throw new KafkaIoError('KAFKA_OPTIONS', `partitions must be a positive integer, got ${options.partitions}`, options.topic);
  }
  const admin = kafkaClient(options).admin();
  await admin.connect();
  try {
    return await admin.createTopics({
      waitForLeaders: true,
      topics: [{
        topic: options.topic,
        numPartitions: options.partitions,
        ...(options.replicationFactor === undefined ? {} : { replicationFactor: options.replicationFactor }),
        configEntries: [
          { name: 'retention.ms', value: '-1' },
          { name: 'message.timestamp.after.max.ms', value: String(2n ** 63n - 1n) },
        ],
      }],
    });
  } catch (error) {
    throw new KafkaIoError('KAFKA_TOPIC', `could not create the topic: ${(error as Error).message}`, options.topic);
  } finally {
    await admin.disconnect();
  }
}
