/**
 * At most `impressions` impressions per user in any window of `perHours`, on simulated time.
 * Users are the profile store's dense keys. Each user owns a row of one Float64Array: a ring of
 * their last `impressions` impression times, then the ring's head. One row is one or two cache
 * lines, so a check costs one memory access however many users there are; no objects, no hashing.
 */
export class FrequencyCap {
  private readonly slots: number;
  private readonly stride: number;
  private readonly window: number;
  private rows: Float64Array;
  private users = 1024;
  private touched = 0;

  constructor(impressions: number, perHours: number) {
    this.slots = impressions;
    this.stride = impressions + 1;
    this.window = perHours * 3600;
    this.rows = FrequencyCap.emptyRows(this.users, this.slots);
  }

  /** Whether one more impression for this user at `time` stays within the cap. */
  allows(user: number, time: number): boolean {
    if (user >= this.users) return true;
    // The ring's oldest slot is the head: the cap holds iff that one has left the window.
    const row = user * this.stride;
    return this.rows[row + this.rows[row + this.slots]!]! <= time - this.window;
  }

  /**
   * Reads the user's row and nothing more, so that a check or record soon after finds it in
   * cache: a caller that knows the users it will decide on can touch their rows together, one
   * after another, and their cache misses then overlap instead of each stalling its decision.
   */
  prefetch(user: number): void {
    if (user >= this.users) return;
    const row = user * this.stride;
    // Stored so that the reads are not optimised away; a row may span two cache lines.
    this.touched = this.rows[row]! + this.rows[row + this.slots]!;
  }

  record(user: number, time: number): void {
    while (user >= this.users) this.grow();
    const row = user * this.stride;
    const head = this.rows[row + this.slots]!;
    this.rows[row + head] = time;
    this.rows[row + this.slots] = (head + 1) % this.slots;
  }

  /** A copy of every user's ring: what a replay checkpoint keeps of a cap. */
  state(): Float64Array { return this.rows.slice(); }

  restore(rows: Float64Array): void {
    this.rows = rows.slice();
    this.users = rows.length / this.stride;
  }

  private grow(): void {
    const rows = FrequencyCap.emptyRows(this.users * 2, this.slots);
    rows.set(this.rows);
    this.rows = rows;
    this.users *= 2;
  }

  /** Rows whose times are all −∞ (never shown) and whose heads are 0. */
  private static emptyRows(users: number, slots: number): Float64Array {
    const rows = new Float64Array(users * (slots + 1)).fill(-Infinity);
    for (let u = 0; u < users; u++) rows[u * (slots + 1) + slots] = 0;
    return rows;
  }
}
