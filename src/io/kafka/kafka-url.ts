import { KafkaIoError } from './kafka-io-error.js';

export interface KafkaAddress {
  readonly brokers: ReadonlyArray<string>;
  readonly topic: string;
}

/** Kafka's own rule for topic names. */
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/;

/** `kafka://host:port[,host:port…]/topic` → the bootstrap brokers and the topic. */
export function parseKafkaUrl(url: string): KafkaAddress {
  const match = /^kafka:\/\/([^/]+)\/([^/?#]+)$/.exec(url);
  if (!match) throw new KafkaIoError('KAFKA_URL', 'expected kafka://host:port[,host:port...]/topic', url);
  const brokers = match[1]!.split(',');
  const topic = decodeURIComponent(match[2]!);
  const badBroker = brokers.find((b) => !BROKER.test(b));
  if (badBroker !== undefined) throw new KafkaIoError('KAFKA_URL', `broker '${badBroker}' is not host:port`, url);
  if (!TOPIC.test(topic) || topic === '.' || topic === '..') {
    throw new KafkaIoError('KAFKA_URL', `topic '${topic}' is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`, url);
  }
  return { brokers, topic };
}
