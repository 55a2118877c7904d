import { describe, expect, it } from 'vitest';
import { openLogSource, parseKafkaRange } from '../../src/run/log-source.js';

describe('log sources', () => {
  it('reads --kafka-from and --kafka-until', () => {
    expect(parseKafkaRange(undefined, undefined)).toEqual({});
    expect(parseKafkaRange('earliest', 'follow')).toEqual({ start: 'earliest', end: 'follow' });
    expect(parseKafkaRange('0:1200,3:7', 'end')).toEqual({ start: { offsets: { 0: '1200', 3: '7' } }, end: 'end' });
    expect(parseKafkaRange('2025-03-03T06:00:00Z', '2025-03-04T00:00:00Z'))
      .toEqual({ start: { timestamp: Date.UTC(2025, 2, 3, 6) }, end: { timestamp: Date.UTC(2025, 2, 4) } });
    expect(() => parseKafkaRange('yesterday', undefined)).toThrow(/--kafka-from.*'yesterday'/);
    expect(() => parseKafkaRange(undefined, 'soon')).toThrow(/--kafka-until/);
  });

  it('names a file source and refuses an empty path', () => {
    expect(openLogSource('file:log.ndjson')).toMatchObject({ name: 'file:log.ndjson', kind: 'file' });
    expect(openLogSource('log.arrow')).toMatchObject({ name: 'file:log.arrow', kind: 'file' });
    expect(openLogSource('kafka://127.0.0.1:9092/auctions')).toMatchObject({ kind: 'kafka' });
    expect(() => openLogSource('file:')).toThrow(/needs a path/);
    expect(() => openLogSource('kafka://nohost/t')).toThrow(/host:port/);
  });
});
