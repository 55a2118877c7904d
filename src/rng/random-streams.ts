import { philoxHash } from './philox-hash.js';
import { RandomStream } from './random-stream.js';
import { RngError } from './rng-error.js';

/** A scenario's root seed: a safe non-negative integer, or a non-empty string (hashed). */
export type RootSeed = number | string;

const STRING_SEED_DOMAIN = 0x73656564; // 'seed'
const NUMBER_SEED_STREAM_DOMAIN = 0x7374726d; // 'strm'
const STRING_SEED_STREAM_DOMAIN = 0x5374726d; // 'Strm'

/**
 * The root of all randomness in a run. Each stream's keys are a hash of (root seed, stream name)
 * alone, so adding, removing or reordering streams never changes another stream's draws.
 * Name streams by role: 'world', 'traffic', 'competitors', 'response'; nest with slashes
 * ('competitors/dsp-3') when one role needs several independent streams.
 */
export class RandomStreams {
  private readonly seed0: number;
  private readonly seed1: number;
  private readonly domain: number;
  private readonly encoder = new TextEncoder();

  constructor(readonly rootSeed: RootSeed) {
    if (typeof rootSeed === 'number') {
      if (!(Number.isSafeInteger(rootSeed) && rootSeed >= 0)) {
        throw new RngError('RNG_BAD_SEED', `a numeric root seed must be a safe non-negative integer, got ${rootSeed}`, 'RandomStreams');
      }
      this.seed0 = rootSeed >>> 0;
      this.seed1 = (rootSeed / 4294967296) >>> 0;
      this.domain = NUMBER_SEED_STREAM_DOMAIN;
    } else if (typeof rootSeed === 'string' && rootSeed.length > 0) {
      const h = philoxHash(this.encoder.encode(rootSeed), 0, 0, STRING_SEED_DOMAIN);
      this.seed0 = h[0];
      this.seed1 = h[1];
      this.domain = STRING_SEED_STREAM_DOMAIN;
    } else {
      throw new RngError('RNG_BAD_SEED', `a root seed must be a safe non-negative integer or a non-empty string, got ${JSON.stringify(rootSeed)}`, 'RandomStreams');
    }
  }

  stream(name: string): RandomStream {
    if (typeof name !== 'string' || name.length === 0) {
      throw new RngError('RNG_BAD_NAME', `a stream name must be a non-empty string, got ${JSON.stringify(name)}`, 'RandomStreams.stream');
    }
    const h = philoxHash(this.encoder.encode(name), this.seed0, this.seed1, this.domain);
    return new RandomStream(name, [h[0], h[1]], [h[2], h[3]]);
  }
}
