import { describe, expect, it } from 'vitest';
import { parseKafkaUrl, partitionKey } from '../../../src/io/kafka/index.js';
import { makeLogRecord } from '../log/log-fixtures.js';

describe('kafka:// addresses', () => {
  it('give the brokers and the topic', () => {
    expect(parseKafkaUrl('kafka://127.0.0.1:9192/auctions')).toEqual({ brokers: ['127.0.0.1:9192'], topic: 'auctions' });
    expect(parseKafkaUrl('kafka://a.example:9092,b.example:9093/logs.v1_x-y')).toEqual({ brokers: ['a.example:9092', 'b.example:9093'], topic: 'logs.v1_x-y' });
  });

  it.each([
    ['http://127.0.0.1:9192/auctions', /expected kafka:\/\//],
    ['kafka://127.0.0.1:9192', /expected kafka:\/\//],
    ['kafka://127.0.0.1/auctions', /broker '127.0.0.1' is not host:port/],
    ['kafka://127.0.0.1:9192/bad topic', /not a valid Kafka topic name/],
    ['kafka://127.0.0.1:9192/..', /not a valid Kafka topic name/],
  ])('refuse %s, saying why', (url, message) => {
    expect(() => parseKafkaUrl(url)).toThrow(message);
    try {
      parseKafkaUrl(url);
    } catch (error) {
      expect(error).toMatchObject({ code: 'KAFKA_URL', where: url });
    }
  });
});

describe('message keys', () => {
  it('are the device ifa, else the user id, else the request id', () => {
    const r = makeLogRecord(5);
    expect(partitionKey(r)).toBe(r.request.device!.ifa);
    const noIfa = { ...r, request: { ...r.request, device: { os: 'ios' }, user: { id: 'u-9' } } };
    expect(partitionKey(noIfa)).toBe('user:u-9');
    const anonymous = { ...r, request: { ...r.request, device: { ifa: '' }, user: {} } };
    expect(partitionKey(anonymous)).toBe('request:req-5');
  });
});
