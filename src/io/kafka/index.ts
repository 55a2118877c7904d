export { kafkaClient, type KafkaClientOptions } from './kafka-client.js';
export { KafkaIoError } from './kafka-io-error.js';
export { type KafkaAddress, parseKafkaUrl } from './kafka-url.js';
export { LogConsumer, type LogConsumerOptions, type LogEnd, type LogStart, type ProcessedOffset } from './log-consumer.js';
export { LogProducer, type LogProducerOptions, partitionKey } from './log-producer.js';
export { createLogTopic, type CreateLogTopicOptions } from './log-topic.js';
