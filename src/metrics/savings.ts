/**
 * Savings on non-performing ads against the baseline (bid-on-everything), the case study's
 * headline ("up to 47% saved on knowingly non-performing advertisements"):
 *
 *   nonPerformingSpend  = what the baseline paid for impressions that led to no conversion
 *   avoidedShare        = the part of that spend on impressions the policy did not buy ÷ nonPerformingSpend
 *   conversionsRetained = baseline conversions on impressions the policy also bought ÷ baseline conversions
 *
 * Whether an impression converts does not depend on who bought it (common random numbers give
 * every policy the same user response), so both are known per opportunity as soon as it is
 * decided; nothing has to wait for attribution windows.
 */
export class SavingsAccumulator {
  private nonPerforming = 0;
  private avoided = 0;
  private baselineConversions = 0;
  private retained = 0;

  /**
   * @param baselinePaid USD the baseline paid for this opportunity's impression (0 if it did not win).
   * @param converts whether the impression, once shown, leads to an attributed conversion.
   */
  record(baselineWon: boolean, baselinePaid: number, policyWon: boolean, converts: boolean): void {
    if (!baselineWon) return;
    if (converts) {
      this.baselineConversions++;
      if (policyWon) this.retained++;
    } else {
      this.nonPerforming += baselinePaid;
      if (!policyWon) this.avoided += baselinePaid;
    }
  }

  summary(): SavingsSummary {
    return {
      baselineNonPerformingSpend: this.nonPerforming,
      avoidedNonPerformingSpend: this.avoided,
      avoidedShare: this.nonPerforming > 0 ? this.avoided / this.nonPerforming : NaN,
      conversionsRetained: this.baselineConversions > 0 ? this.retained / this.baselineConversions : NaN,
    };
  }
}

export interface SavingsSummary {
  readonly baselineNonPerformingSpend: number;
  readonly avoidedNonPerformingSpend: number;
  readonly avoidedShare: number;
  readonly conversionsRetained: number;
}
