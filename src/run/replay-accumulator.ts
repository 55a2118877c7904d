import { OffPolicyEstimator, TotalAccumulator } from '../replay/index.js';

/** One policy's running totals in a log replay; `state`/`restore` for checkpoints. */
export class ReplayAccumulator {
  opportunities = 0; bids = 0; wins = 0; spend = 0;
  observedWins = 0; observedConversions = 0; observedRevenue = 0;
  unobservedWins = 0; unobservedSpend = 0;
  filledConversions = 0; filledRevenue = 0;
  readonly offPolicy = new OffPolicyEstimator();
  /** This record's IPS and DR contributions, kept to pair with the champion's. */
  readonly ips = new Float64Array(4);
  readonly dr = new Float64Array(4);
  readonly ipsVersusChampion = new TotalAccumulator();
  readonly drVersusChampion = new TotalAccumulator();

  state(): number[] {
    return [
      this.opportunities, this.bids, this.wins, this.spend, this.observedWins, this.observedConversions, this.observedRevenue,
      this.unobservedWins, this.unobservedSpend, this.filledConversions, this.filledRevenue,
      ...this.offPolicy.state(), ...this.ipsVersusChampion.state(), ...this.drVersusChampion.state(),
    ];
  }

  restore(s: ReadonlyArray<number>): void {
    [this.opportunities, this.bids, this.wins, this.spend, this.observedWins, this.observedConversions, this.observedRevenue,
      this.unobservedWins, this.unobservedSpend, this.filledConversions, this.filledRevenue] = s as number[] as [number, number, number, number, number, number, number, number, number, number, number];
    const ope = this.offPolicy.state().length;
    this.offPolicy.restore(s.slice(11, 11 + ope));
    this.ipsVersusChampion.restore(s.slice(11 + ope, 20 + ope));
    this.drVersusChampion.restore(s.slice(20 + ope, 29 + ope));
  }
}
