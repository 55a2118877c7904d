import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/run/run-progress.js';
import { progressLine, RunView } from '../../src/tui/index.js';

const progress: RunProgress = {
  scenario: 'quickstart',
  processed: 150_000,
  total: 200_000,
  rate: 180_500,
  etaSeconds: 0.3,
  simDay: 0,
  simDays: 1,
  draining: false,
  policies: [
    { name: 'champion', bids: 52_000, wins: 21_000, spend: 84.5, conversions: 61, revenue: 152.5 },
    { name: 'bid-everything', bids: 150_000, wins: 70_000, spend: 310.25, conversions: 88, revenue: 220 },
  ],
};

describe('RunView', () => {
  it('shows progress, rate, day and every policy with ROI', () => {
    const { lastFrame } = render(<RunView progress={progress} />);
    const frame = lastFrame()!;
    expect(frame).toContain('quickstart');
    expect(frame).toContain('75.0%');
    expect(frame).toContain('150.0k/200.0k opportunities');
    expect(frame).toContain('180.5k/s');
    expect(frame).toContain('day 1/1');
    expect(frame).toMatch(/champion\s+52\.0k\s+21\.0k\s+\$84\.50\s+61\s+\$152\.50\s+80\.5%/);
    expect(frame).toMatch(/bid-everything.*\$310\.25.*-29\.1%/);
  });

  it('has a plain line for non-TTY output with the same facts', () => {
    const line = progressLine(progress);
    expect(line).toContain('75.0% 150000/200000 opportunities');
    expect(line).toContain('champion: spend $84.50, wins 21000, conv 61, ROI 80.5%');
    expect(line).not.toContain('\n');
  });
});
