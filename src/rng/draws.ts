import { philox4x32, type PhiloxBlock } from './philox.js';
import { createWasmPhilox } from './philox-wasm.js';
import type { RandomSource } from './random-source.js';
import { RngError } from './rng-error.js';

const philox: PhiloxBlock = createWasmPhilox() ?? philox4x32;

const TWO_POW_32 = 4294967296;
const TWO_POW_26 = 67108864;
const TWO_POW_MINUS_53 = 2 ** -53;
/** Any block number past the last one: the cheap refill check then catches unseated cursors too. */
const UNSEATED = 2 ** 33;

/** The restorable state of a {@link Draws}: key, counter, position in the block, carry mode. */
export type DrawsState = readonly number[];

/**
 * A cursor over Philox4x32-10 blocks for counter (idLo, idHi, purpose, block): the common-random-
 * numbers core. Re-seating it with {@link reset} costs a check and a few stores, and the first draw
 * after a reset computes block 0, so the same (stream, id, purpose) gives the same draws whoever
 * asks and in whatever order. Words are used in order, a double taking two; one keyed seat holds
 * 2^32 blocks (2^34 uint32s), and drawing past that is an error.
 *
 * A cursor made by `RandomStream.sequence` instead carries the block counter into the id words
 * (under a key of its own), so it is a plain sequential generator of 2^66 words per purpose.
 */
export class Draws implements RandomSource {
  private readonly buf = new Uint32Array(4);
  private index = 4;
  private c0 = 0;
  private c1 = 0;
  private c2 = 0;
  private block = UNSEATED;

  constructor(
    private readonly k0: number,
    private readonly k1: number,
    private readonly carries = false,
  ) {}

  /**
   * Seats the cursor at draw 0 of (id, purpose). `id` is a safe non-negative integer (an
   * opportunity or user id), `purpose` a uint32 telling apart independent draws of the same id.
   */
  reset(id: number, purpose = 0): this {
    if (!(id >= 0 && id <= Number.MAX_SAFE_INTEGER && Math.floor(id) === id)) {
      throw new RngError('RNG_BAD_ID', `id must be a safe non-negative integer, got ${id}`, 'Draws.reset');
    }
    return this.resetWords(id >>> 0, (id / TWO_POW_32) >>> 0, purpose);
  }

  /** Seats the cursor at draw 0 of the id given as two uint32 words (low, high), and purpose. */
  resetWords(idLo: number, idHi: number, purpose = 0): this {
    if (idLo >>> 0 !== idLo || idHi >>> 0 !== idHi || purpose >>> 0 !== purpose) {
      throw new RngError('RNG_BAD_ID', `id words and purpose must be uint32s, got (${idLo}, ${idHi}, ${purpose})`, 'Draws.resetWords');
    }
    this.c0 = idLo;
    this.c1 = idHi;
    this.c2 = purpose;
    this.block = 0;
    this.index = 4;
    return this;
  }

  nextUint32(): number {
    if (this.index === 4) this.refill();
    return this.buf[this.index++];
  }

  nextDouble(): number {
    if (this.index === 4) this.refill();
    const i = this.index;
    if (i === 3) return this.straddlingDouble();
    this.index = i + 2;
    return ((this.buf[i] >>> 5) * TWO_POW_26 + (this.buf[i + 1] >>> 6)) * TWO_POW_MINUS_53;
  }

  /** Everything needed to resume this cursor exactly where it is, as plain numbers. */
  getState(): DrawsState {
    return [this.k0, this.k1, this.c0, this.c1, this.c2, this.block, this.index, this.carries ? 1 : 0];
  }

  /** A cursor that continues exactly where the one that gave `state` was. */
  static fromState(state: DrawsState): Draws {
    const [k0, k1, c0, c1, c2, block, index, carries] = state;
    const words = [k0, k1, c0, c1, c2];
    const ok = state.length === 8
      && words.every((w) => w >>> 0 === w)
      && (block === UNSEATED || (Number.isInteger(block) && block >= 0 && block <= TWO_POW_32))
      && Number.isInteger(index) && index >= 0 && index <= 4
      && (block > 0 || index === 4)
      && (block !== UNSEATED || index === 4)
      && (carries === 0 || carries === 1);
    if (!ok) throw new RngError('RNG_BAD_STATE', `not a Draws state: [${state.join(', ')}]`, 'Draws.fromState');
    const draws = new Draws(k0, k1, carries === 1);
    draws.c0 = c0;
    draws.c1 = c1;
    draws.c2 = c2;
    draws.block = block;
    draws.index = index;
    if (index < 4) philox(c0, c1, c2, block - 1, k0, k1, draws.buf, 0);
    return draws;
  }

  /** The same double as the fast path would make, from the last word of one block and the first of the next. */
  private straddlingDouble(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * TWO_POW_26 + lo) * TWO_POW_MINUS_53;
  }

  private refill(): void {
    if (this.block >= TWO_POW_32) this.wrap();
    philox(this.c0, this.c1, this.c2, this.block, this.k0, this.k1, this.buf, 0);
    this.block++;
    this.index = 0;
  }

  private wrap(): void {
    if (this.block === UNSEATED) {
      throw new RngError('RNG_UNSEATED', 'draw from a cursor that was never reset; call reset(id, purpose) first', 'Draws');
    }
    if (!this.carries) {
      throw new RngError('RNG_COUNTER_EXHAUSTED', `all 2^34 draws of id (${this.c0}, ${this.c1}) purpose ${this.c2} are used`, 'Draws');
    }
    this.block = 0;
    this.c0 = (this.c0 + 1) >>> 0;
    if (this.c0 !== 0) return;
    this.c1 = (this.c1 + 1) >>> 0;
    if (this.c1 === 0) throw new RngError('RNG_COUNTER_EXHAUSTED', `sequence ${this.c2} used all 2^66 draws`, 'Draws');
  }
}
