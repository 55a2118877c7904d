import { PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1, type PhiloxBlock } from './philox.js';

/**
 * Philox4x32-10 as a one-function WebAssembly module, assembled here from its instructions so the
 * source stays readable and no binary is committed. In wasm the multiply-high is one i64.mul, which
 * makes a block several times cheaper than in JavaScript, call included (bench/rng.ts). Returns
 * undefined where the runtime has no WebAssembly (node --jitless); callers then use `philox4x32`.
 */
export function createWasmPhilox(): PhiloxBlock | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  const { exports } = new wasm.Instance(new wasm.Module(philoxModule()), {});
  const block = exports.block as (c0: number, c1: number, c2: number, c3: number, k0: number, k1: number) => void;
  const words = new Uint32Array((exports.memory as { buffer: ArrayBuffer }).buffer, 0, 4);
  return (c0, c1, c2, c3, k0, k1, out, at) => {
    block(c0, c1, c2, c3, k0, k1);
    out[at] = words[0];
    out[at + 1] = words[1];
    out[at + 2] = words[2];
    out[at + 3] = words[3];
  };
}

/** The part of the WebAssembly global used here (lib ES2023 and @types/node 20 do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

// The few opcodes used (WebAssembly core spec 1.0, section 5.4).
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I64_CONST = 0x42;
const I32_STORE = 0x36;
const I32_ADD = 0x6a;
const I32_XOR = 0x73;
const I64_MUL = 0x7e;
const I64_SHR_U = 0x88;
const I32_WRAP_I64 = 0xa7;
const I64_EXTEND_I32_U = 0xad;
const END = 0x0b;
const I32 = 0x7f;
const I64 = 0x7e;

/** `(func (export "block") (param c0 c1 c2 c3 k0 k1 i32) (local p0 p1 i64) ...)` writing memory[0..16). */
function philoxModule(): Uint8Array {
  const [c0, c1, c2, c3, k0, k1, p0, p1] = [0, 1, 2, 3, 4, 5, 6, 7];
  const code: number[] = [];
  const mulWide = (word: number, m: number, into: number) =>
    code.push(LOCAL_GET, word, I64_EXTEND_I32_U, I64_CONST, ...sleb(m), I64_MUL, LOCAL_SET, into);
  const high = (p: number) => code.push(LOCAL_GET, p, I64_CONST, 32, I64_SHR_U, I32_WRAP_I64);
  const low = (p: number) => code.push(LOCAL_GET, p, I32_WRAP_I64);
  const xorInto = (a: number, b: number, into: number) => code.push(LOCAL_GET, a, I32_XOR, LOCAL_GET, b, I32_XOR, LOCAL_SET, into);
  const bump = (k: number, w: number) => code.push(LOCAL_GET, k, I32_CONST, ...sleb(w | 0), I32_ADD, LOCAL_SET, k);
  for (let round = 0; round < 10; round++) {
    mulWide(c0, PHILOX_M0, p0);
    mulWide(c2, PHILOX_M1, p1);
    high(p1);
    xorInto(c1, k0, c0);
    low(p1);
    code.push(LOCAL_SET, c1);
    high(p0);
    xorInto(c3, k1, c2);
    low(p0);
    code.push(LOCAL_SET, c3);
    bump(k0, PHILOX_W0);
    bump(k1, PHILOX_W1);
  }
  [c0, c1, c2, c3].forEach((c, i) => code.push(I32_CONST, 0, LOCAL_GET, c, I32_STORE, 2, 4 * i));
  code.push(END);
  const body = [1, 2, I64, ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x01, 1, 1]),
    ...section(7, [2, ...name('block'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  return [text.length, ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    const byte = n & 0x7f;
    n = Math.floor(n / 128);
    out.push(n > 0 ? byte | 0x80 : byte);
  } while (n > 0);
  return out;
}

/** Signed LEB128 of an integer in [-2^53, 2^53]; uint32 multipliers pass as positive i64 constants. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = ((n % 128) + 128) % 128;
    n = Math.floor(n / 128);
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}
