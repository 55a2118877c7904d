/**
 * Prints whether WebAssembly was used and the pinned draws of random-streams.test.ts, for running
 * the same values under `node --jitless`, where there is no WebAssembly and Philox runs in JS.
 */
import { createWasmPhilox, purposeId, RandomStreams } from '../../src/rng/index.js';

const first4 = (streams: RandomStreams, name: string, id: number, purpose: number) => {
  const draws = streams.stream(name).at(id, purpose);
  return [draws.nextUint32(), draws.nextUint32(), draws.nextUint32(), draws.nextUint32()];
};

process.stdout.write(`${JSON.stringify({
  wasm: createWasmPhilox() !== undefined,
  traffic: first4(new RandomStreams(42), 'traffic', 12_345, 7),
  response: first4(new RandomStreams('campaign-2024'), 'response', 2 ** 40, purposeId('click')),
})}\n`);
