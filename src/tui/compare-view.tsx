import { Box, Text } from 'ink';
import { roi, type PolicyProgress, type RunProgress } from '../run/run-progress.js';
import { compact, duration, money, percent } from './format.js';

const BAR = 30;
const LABEL = 10;
const COLUMN = 16;

const ROWS: ReadonlyArray<[string, (q: PolicyProgress) => string]> = [
  ['bids', (q) => compact(q.bids)],
  ['wins', (q) => compact(q.wins)],
  ['spend', (q) => money(q.spend)],
  ['conv.', (q) => compact(q.conversions)],
  ['revenue', (q) => money(q.revenue)],
  ['ROI', (q) => percent(roi(q))],
];

/** What the compare view shows: a run's progress, which seed of how many, and which policy is which. */
export interface CompareProgress {
  readonly progress: RunProgress;
  readonly seedIndex: number;
  readonly seeds: number;
  readonly champion: string;
  readonly challenger: string;
}

/**
 * The live view of `bidlab compare`: progress, then the champion and the challenger in the first
 * two columns, side by side, and the reference policies beside them.
 */
export function CompareView({ state }: { readonly state: CompareProgress }) {
  const p = state.progress;
  const share = p.total > 0 ? Math.min(1, p.processed / p.total) : 0;
  const filled = Math.round(share * BAR);
  const order = (q: PolicyProgress) => (q.name === state.champion ? 0 : q.name === state.challenger ? 1 : 2);
  const policies = [...p.policies].sort((a, b) => order(a) - order(b));
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{p.scenario}</Text>{'  '}seed {state.seedIndex + 1}/{state.seeds}{'  '}
        <Text color="cyan">{'█'.repeat(filled)}</Text><Text dimColor>{'░'.repeat(BAR - filled)}</Text>{' '}
        {percent(share)} · {compact(p.processed)}/{compact(p.total)} · {compact(p.rate)}/s · ETA {duration(p.etaSeconds)} · day {p.simDay + 1}/{p.simDays}
        {p.draining ? ' · closing attribution windows' : ''}
      </Text>
      <Box>
        <Box width={LABEL}><Text> </Text></Box>
        {policies.map((q) => (
          <Box key={q.name} width={COLUMN} justifyContent="flex-end">
            <Text underline bold={order(q) < 2} color={order(q) === 0 ? 'yellow' : order(q) === 1 ? 'magenta' : undefined}>{q.name}</Text>
          </Box>
        ))}
      </Box>
      {ROWS.map(([label, value]) => (
        <Box key={label}>
          <Box width={LABEL}><Text>{label}</Text></Box>
          {policies.map((q) => (
            <Box key={q.name} width={COLUMN} justifyContent="flex-end">
              <Text color={label === 'ROI' ? (roi(q) >= 0 ? 'green' : 'red') : undefined}>{value(q)}</Text>
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}
