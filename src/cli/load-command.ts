import { writeFile } from 'node:fs/promises';
import type { CommandModule } from 'yargs';
import { formatLoadReport, loadLoadScenario, runLoad } from '../load/index.js';

interface LoadArgs { scenario: string; target?: string; payloads?: string; json: boolean; out?: string }

/** k6's exit code when thresholds fail, so scripts that run either tool branch alike. */
export const THRESHOLDS_FAILED_EXIT = 99;

/** `bidlab load <scenario.json>`: runs a k6 load scenario definition with bidlab's own open-model generator. */
export function loadCommand(setExit: (code: number) => void): CommandModule {
  return {
    command: 'load <scenario>',
    describe: 'Drive a bidder with a load scenario (load/scenarios/*.json, the same definitions the k6 scripts run); exit 99 when a threshold fails',
    builder: (y) => y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Load scenario JSON (rates, stages, durations, thresholds, payload file)' })
      .option('target', { type: 'string', describe: "Base URL of the bidder (default: the scenario's target)" })
      .option('payloads', { type: 'string', describe: "Request bodies, a JSON array (default: the scenario's payloads)" })
      .option('json', { type: 'boolean', default: false, describe: 'Print only the report JSON' })
      .option('out', { type: 'string', describe: 'Also write the report JSON here' }),
    handler: async (a) => setExit(await load(a as unknown as LoadArgs)),
  };
}

async function load(a: LoadArgs): Promise<number> {
  const scenario = await loadLoadScenario(a.scenario);
  const report = await runLoad(scenario, {
    ...(a.target ? { target: a.target } : {}),
    ...(a.payloads ? { payloadsPath: a.payloads } : {}),
    ...(a.json ? {} : {
      onProgress: (p) => process.stderr.write(`  ${p.elapsedSeconds.toFixed(0)} s: ${p.completed} done, ${p.inFlight} in flight, planned ${Math.round(p.plannedRate)}/s\n`),
    }),
  });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (a.out) await writeFile(a.out, json);
  process.stdout.write(a.json ? json : `${formatLoadReport(report)}\n`);
  return report.passed ? 0 : THRESHOLDS_FAILED_EXIT;
}
