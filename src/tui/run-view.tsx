import { Box, Text } from 'ink';
import { roi, type RunProgress } from '../run/run-progress.js';
import { compact, duration, money, percent } from './format.js';

const BAR = 30;

/** The live view of a run: progress, rate, ETA, simulated day, and each policy's figures. */
export function RunView({ progress }: { readonly progress: RunProgress }) {
  const p = progress;
  const share = p.total > 0 ? Math.min(1, p.processed / p.total) : 0;
  const filled = Math.round(share * BAR);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{p.scenario}</Text>{'  '}
        <Text color="cyan">{'█'.repeat(filled)}</Text><Text dimColor>{'░'.repeat(BAR - filled)}</Text>{' '}
        {percent(share)} · {compact(p.processed)}/{compact(p.total)} opportunities · {compact(p.rate)}/s · ETA {duration(p.etaSeconds)} · day {p.simDay + 1}/{p.simDays}
        {p.draining ? ' · closing attribution windows' : ''}
      </Text>
      <Box>
        <Box width={18}><Text underline>policy</Text></Box>
        {['bids', 'wins', 'spend', 'conv.', 'revenue', 'ROI'].map((h) => (
          <Box key={h} width={12} justifyContent="flex-end"><Text underline>{h}</Text></Box>
        ))}
      </Box>
      {p.policies.map((q) => (
        <Box key={q.name}>
          <Box width={18}><Text>{q.name}</Text></Box>
          <Box width={12} justifyContent="flex-end"><Text>{compact(q.bids)}</Text></Box>
          <Box width={12} justifyContent="flex-end"><Text>{compact(q.wins)}</Text></Box>
          <Box width={12} justifyContent="flex-end"><Text>{money(q.spend)}</Text></Box>
          <Box width={12} justifyContent="flex-end"><Text>{compact(q.conversions)}</Text></Box>
          <Box width={12} justifyContent="flex-end"><Text>{money(q.revenue)}</Text></Box>
          <Box width={12} justifyContent="flex-end"><Text color={roi(q) >= 0 ? 'green' : 'red'}>{percent(roi(q))}</Text></Box>
        </Box>
      ))}
    </Box>
  );
}

/** The same facts as one plain line, for logs and pipes (no TTY). */
export function progressLine(p: RunProgress): string {
  const share = p.total > 0 ? p.processed / p.total : 0;
  const policies = p.policies.map((q) => `${q.name}: spend ${money(q.spend)}, wins ${q.wins}, conv ${q.conversions}, ROI ${percent(roi(q))}`).join('; ');
  return `[${p.scenario}] ${percent(share)} ${p.processed}/${p.total} opportunities, ${compact(p.rate)}/s, ETA ${duration(p.etaSeconds)}, day ${p.simDay + 1}/${p.simDays}${p.draining ? ', closing windows' : ''} | ${policies}`;
}
