import { Draws } from './draws.js';

/**
 * One named stream of a root seed. Its keyed draws ({@link at}, {@link draws}) and its sequences
 * ({@link sequence}) use two different Philox keys, so they never overlap.
 */
export class RandomStream {
  constructor(
    readonly name: string,
    private readonly keyed: readonly [number, number],
    private readonly sequential: readonly [number, number],
  ) {}

  /** A new cursor seated at (id, purpose). In a hot loop reuse one from {@link draws} instead. */
  at(id: number, purpose = 0): Draws {
    return this.draws().reset(id, purpose);
  }

  /** A reusable cursor over this stream's keyed draws; `reset(id, purpose)` seats it. */
  draws(): Draws {
    return new Draws(this.keyed[0], this.keyed[1]);
  }

  /** A plain sequential generator (for building things once, in order); `purpose` picks one of 2^32. */
  sequence(purpose = 0): Draws {
    return new Draws(this.sequential[0], this.sequential[1], true).resetWords(0, 0, purpose);
  }
}
