/**
 * Nanoseconds per draw of src/rng (Philox4x32-10 cursors and distributions) against trivial
 * generators measured in the same run: an inline xorshift32 (the floor: three shifts and xors per
 * word) and V8's Math.random (xorshift128+ in C++). Also Philox blocks in JavaScript and in
 * WebAssembly, and the heap bytes allocated per operation (the hot paths should allocate nothing).
 *
 *     npx tsx bench/rng.ts            prints JSON
 */
import { bestMs, bytesPerOp } from './timing.js';
import { pathToFileURL } from 'node:url';
import { describeMachine } from './machine.js';
import {
  createWasmPhilox, normal, philox4x32, poisson, RandomStreams, uniformInt, type Draws,
} from '../src/rng/index.js';

const REPEAT = 7;

/** Best-of-REPEAT nanoseconds per operation of `pass`, which runs `ops` operations and returns a sink value. */
function nsPerOp(ops: number, pass: () => number): number {
  return Math.round((bestMs(pass, REPEAT) * 1e6 * 100) / ops) / 100;
}


export async function benchRng(): Promise<Record<string, unknown>> {
  const N = 5_000_000;
  const stream = new RandomStreams(42).stream('bench');
  const sequence = stream.sequence();
  const keyed: Draws = stream.draws();
  const wasm = createWasmPhilox();
  const block = new Uint32Array(4);

  let x = 2463534242;
  const baseline = {
    xorshift32Uint32: nsPerOp(N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        acc ^= x >>> 0;
      }
      return acc;
    }),
    mathRandomDouble: nsPerOp(N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += Math.random();
      return acc;
    }),
  };

  const ns = {
    uint32: nsPerOp(N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc ^= sequence.nextUint32();
      return acc;
    }),
    double: nsPerOp(N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += sequence.nextDouble();
      return acc;
    }),
    uniformInt1to6: nsPerOp(N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += uniformInt(sequence, 1, 6);
      return acc;
    }),
    normal: nsPerOp(N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += normal(sequence);
      return acc;
    }),
    poisson3: nsPerOp(N, () => {
      let acc = 0;
      for (let i = 0; i < N; i++) acc += poisson(sequence, 3);
      return acc;
    }),
    keyedReset4Uint32: nsPerOp(N / 4, () => {
      let acc = 0;
      for (let id = 0; id < N / 4; id++) {
        keyed.reset(id, 7);
        acc ^= keyed.nextUint32() ^ keyed.nextUint32() ^ keyed.nextUint32() ^ keyed.nextUint32();
      }
      return acc;
    }),
    keyedReset4Double: nsPerOp(N / 4, () => {
      let acc = 0;
      for (let id = 0; id < N / 4; id++) {
        keyed.reset(id, 7);
        acc += keyed.nextDouble() + keyed.nextDouble() + keyed.nextDouble() + keyed.nextDouble();
      }
      return acc;
    }),
    philoxBlockJs: nsPerOp(N / 4, () => {
      let acc = 0;
      for (let i = 0; i < N / 4; i++) {
        philox4x32(i, 0, 7, 0, 0xdeadbeef, 42, block, 0);
        acc ^= block[0];
      }
      return acc;
    }),
    philoxBlockWasm: wasm === undefined ? null : nsPerOp(N / 4, () => {
      let acc = 0;
      for (let i = 0; i < N / 4; i++) {
        wasm(i, 0, 7, 0, 0xdeadbeef, 42, block, 0);
        acc ^= block[0];
      }
      return acc;
    }),
  };

  const ratio = (a: number | null, b: number) => (a === null ? null : Math.round((a / b) * 100) / 100);
  const keyedPass = () => {
    let acc = 0;
    for (let id = 0; id < N / 4; id++) {
      keyed.reset(id, 3);
      acc += keyed.nextDouble() + normal(keyed) + poisson(keyed, 3) + keyed.nextUint32();
    }
    return acc;
  };
  keyedPass();
  const allocatedBytesPerOp = {
    keyedResetDoubleNormalPoissonUint32: bytesPerOp(N / 4, keyedPass),
  };

  return {
    unit: 'ns per operation, best of 7',
    philox: wasm === undefined ? 'javascript' : 'webassembly',
    baseline,
    ns,
    ratioToXorshift32Uint32: Object.fromEntries(Object.entries(ns).map(([k, v]) => [k, ratio(v, baseline.xorshift32Uint32)])),
    ratioToMathRandomDouble: { double: ratio(ns.double, baseline.mathRandomDouble), normal: ratio(ns.normal, baseline.mathRandomDouble) },
    allocatedBytesPerOp,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = { bench: 'rng', machine: describeMachine(), ...(await benchRng()) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
