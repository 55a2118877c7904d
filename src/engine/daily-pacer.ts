const DAY = 86_400;

export interface PacerOptions {
  /** USD per simulated day. */
  readonly dailyBudget: number;
  /** 'even' spends in step with the day's traffic; 'asap' until the budget is gone. */
  readonly mode: 'even' | 'asap';
  /** Traffic weight of each hour of the day (24 values), for 'even'. Default: flat. */
  readonly hourlyWeights?: ReadonlyArray<number>;
}

/**
 * Daily budget pacing for one policy and campaign, on simulated time (seconds since the scenario
 * start, day 0 starting at 0). 'even' lets spend reach, at each moment, the budget times the share
 * of the day's traffic seen so far (plus one hour's slack so a quiet start does not starve it);
 * 'asap' stops only at the budget. Spend is recorded when an impression is won.
 */
export class DailyPacer {
  private day = -1;
  private spent = 0;
  /** Cumulative traffic share at the end of each hour (24 values, the last is 1). */
  private readonly cumulative: Float64Array;

  constructor(private readonly options: PacerOptions) {
    const w = options.hourlyWeights ?? new Array<number>(24).fill(1);
    const total = w.reduce((a, b) => a + b, 0);
    this.cumulative = new Float64Array(24);
    let run = 0;
    for (let h = 0; h < 24; h++) { run += w[h]! / total; this.cumulative[h] = run; }
    this.cumulative[23] = 1;
  }

  /** 'budget' when today's budget is spent, 'pacing' when 'even' holds back, undefined to go on. */
  check(time: number): 'budget' | 'pacing' | undefined {
    this.roll(time);
    const budget = this.options.dailyBudget;
    if (this.spent >= budget) return 'budget';
    if (this.options.mode === 'asap') return undefined;
    const secondOfDay = time - this.day * DAY;
    const hour = Math.min(23, Math.floor(secondOfDay / 3600));
    const before = hour === 0 ? 0 : this.cumulative[hour - 1]!;
    const share = before + (this.cumulative[hour]! - before) * ((secondOfDay - hour * 3600) / 3600);
    const slack = this.cumulative[hour]! - before;
    return this.spent > budget * Math.min(1, share + slack) ? 'pacing' : undefined;
  }

  record(time: number, spendUsd: number): void {
    this.roll(time);
    this.spent += spendUsd;
  }

  /** Spend recorded on the current simulated day. */
  get spentToday(): number { return this.spent; }

  /** The day and its spend: what a replay checkpoint keeps of a pacer. */
  state(): [day: number, spent: number] { return [this.day, this.spent]; }

  restore([day, spent]: readonly [number, number]): void { this.day = day; this.spent = spent; }

  private roll(time: number): void {
    const day = Math.floor(time / DAY);
    if (day !== this.day) { this.day = day; this.spent = 0; }
  }
}
