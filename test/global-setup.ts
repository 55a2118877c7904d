import { stopElasticsearchIfStartedByTests } from './helpers/elasticsearch.js';
import { stopKafkaIfStartedByTests } from './helpers/kafka.js';

/**
 * Services (Elasticsearch, Kafka) are started on demand by the test files that need them
 * (`ensure…()` in beforeAll), once for the whole run; this stops, after the run, those that the
 * tests started, and leaves alone any a developer had running.
 */
export default function setup() {
  return async () => {
    await Promise.all([stopElasticsearchIfStartedByTests(), stopKafkaIfStartedByTests()]);
  };
}
