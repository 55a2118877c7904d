import { describe, expect, it } from 'vitest';
import { wallCampaignClock } from '../../src/server/index.js';

describe('wallCampaignClock', () => {
  it('starts on day 0 at the UTC time of day and runs at `speed`', () => {
    let wall = Date.UTC(2026, 10, 29, 6, 30, 0);
    const clock = wallCampaignClock({ wallMs: () => wall });
    expect(clock.now()).toBe(6.5 * 3600);
    wall += 90_000;
    expect(clock.now()).toBe(6.5 * 3600 + 90);
    wall += 24 * 3_600_000;
    expect(Math.floor(clock.now() / 86_400)).toBe(1);
  });

  it('runs a simulated day a wall minute at speed 1440, so budgets roll over in a load test', () => {
    let wall = Date.UTC(2026, 10, 29, 0, 0, 0);
    const clock = wallCampaignClock({ speed: 1440, wallMs: () => wall });
    expect(clock.now()).toBe(0);
    wall += 60_000;
    expect(clock.now()).toBe(86_400);
  });
});
