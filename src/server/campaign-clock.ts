/**
 * The campaign's clock (seconds since its day 0, as in a replay) read from the wall clock, so a
 * live server paces its daily budget and computes the hour-of-day feature as a replay would.
 */
export interface CampaignClock {
  /** Seconds on the campaign clock now. */
  now(): number;
}

export interface WallCampaignClockOptions {
  /** Campaign seconds per wall second (default 1). 1440 runs a simulated day in a minute, so a load test sees budgets roll over. */
  readonly speed?: number;
  /** Milliseconds since the epoch (default: the wall clock); for tests. */
  readonly wallMs?: () => number;
}

/**
 * Maps wall time to campaign time: the server starts on day 0 at the current UTC time of day
 * (so the hour-of-day feature matches the wall clock at speed 1), and runs `speed` times faster.
 */
export function wallCampaignClock(options: WallCampaignClockOptions = {}): CampaignClock {
  const speed = options.speed ?? 1;
  const wallMs = options.wallMs ?? (() => Date.now()); // clock: the live server's campaign time follows the wall
  const start = wallMs();
  const startOfDay = (start % 86_400_000) / 1000;
  return { now: () => startOfDay + ((wallMs() - start) / 1000) * speed };
}

/** A clock that stays at `seconds` (tests and fixture specs: the hour of day is pinned). */
export function fixedCampaignClock(seconds: number): CampaignClock {
  return { now: () => seconds };
}
