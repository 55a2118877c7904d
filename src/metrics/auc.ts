/**
 * Area under the ROC curve of scores against 0/1 labels, exactly: the probability that a random
 * positive scores above a random negative, ties counting half (the Mann–Whitney statistic).
 * Scores are collected in typed arrays that grow by doubling, so millions of predictions cost
 * 9 bytes each; `value()` sorts once.
 */
export class AucAccumulator {
  private scores = new Float64Array(1024);
  private labels = new Uint8Array(1024);
  private n = 0;

  get count(): number { return this.n; }

  add(score: number, label: boolean): void {
    if (this.n === this.scores.length) {
      const s = new Float64Array(this.n * 2); s.set(this.scores); this.scores = s;
      const l = new Uint8Array(this.n * 2); l.set(this.labels); this.labels = l;
    }
    this.scores[this.n] = score;
    this.labels[this.n] = label ? 1 : 0;
    this.n++;
  }

  /** NaN when there are no positives or no negatives (the AUC is undefined then). */
  value(): number {
    const n = this.n;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const s = this.scores;
    order.sort((a, b) => s[a]! - s[b]!);
    let positives = 0, rankSum = 0;
    // Walk groups of equal scores; each member gets the group's mean rank (1-based).
    for (let i = 0; i < n;) {
      let j = i;
      let groupPositives = 0;
      while (j < n && s[order[j]!] === s[order[i]!]) { groupPositives += this.labels[order[j]!]!; j++; }
      const meanRank = (i + 1 + j) / 2;
      rankSum += groupPositives * meanRank;
      positives += groupPositives;
      i = j;
    }
    const negatives = n - positives;
    if (positives === 0 || negatives === 0) return NaN;
    return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
  }
}
