/**
 * At most `impressions` impressions per user in any window of `perHours`, on simulated time.
 * Users are the profile store's dense keys; each user's last impression times sit in a fixed
 * slot of one Float64Array (a ring of `impressions` slots), so millions of users cost 8 bytes per
 * slot, no objects and no hashing.
 */
export class FrequencyCap {
  private readonly slots: number;
  private readonly window: number;
  private times: Float64Array;
  private heads: Uint32Array;

  constructor(impressions: number, perHours: number) {
    this.slots = impressions;
    this.window = perHours * 3600;
    this.times = new Float64Array(1024 * impressions).fill(-Infinity);
    this.heads = new Uint32Array(1024);
  }

  /** Whether one more impression for this user at `time` stays within the cap. */
  allows(user: number, time: number): boolean {
    if (user >= this.heads.length) return true;
    // The ring's oldest slot is the head: the cap holds iff that one has left the window.
    return this.times[user * this.slots + this.heads[user]!]! <= time - this.window;
  }

  record(user: number, time: number): void {
    while (user >= this.heads.length) this.grow();
    const head = this.heads[user]!;
    this.times[user * this.slots + head] = time;
    this.heads[user] = (head + 1) % this.slots;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2).fill(-Infinity);
    times.set(this.times);
    this.times = times;
    const heads = new Uint32Array(this.heads.length * 2);
    heads.set(this.heads);
    this.heads = heads;
  }
}
