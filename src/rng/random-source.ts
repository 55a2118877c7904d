/**
 * What every distribution draws from (pure-rand style: the source goes first, distributions are
 * free functions). Both methods advance the source; neither allocates.
 */
export interface RandomSource {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform double in [0, 1) on the grid k·2^-53, built from two uint32 draws. */
  nextDouble(): number;
}
