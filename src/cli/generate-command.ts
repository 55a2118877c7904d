import type { CommandModule } from 'yargs';
import { generateProfileSet } from '../run/generate-profiles.js';
import { generateRequestSet } from '../run/generate-requests.js';
import { generateTrainingSet } from '../run/generate-training.js';
import { loadScenario, type Scenario } from '../scenario/index.js';

type SetExit = (code: number) => void;

interface GenerateArgs { scenario: string; kind: 'training' | 'requests' | 'profiles'; out: string; maxRows?: number; seed?: number }

/** `bidlab generate <scenario> --kind training|requests|profiles`: data sets made from a scenario's synthetic world. */
export function generateCommand(setExit: SetExit): CommandModule {
  return {
    command: 'generate <scenario>',
    describe: "Export a data set from a scenario's synthetic world (training: engine features and ground-truth labels; requests: OpenRTB bodies for load tests; profiles: the user profile store for bidlab serve --profiles)",
    builder: (y) => y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario YAML file' })
      .option('kind', { choices: ['training', 'requests', 'profiles'] as const, demandOption: true, describe: 'What to generate' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output file (training, profiles: Arrow IPC; requests: a JSON array); written whole or not at all' })
      .option('max-rows', { type: 'number', describe: 'Stop after this many rows (default: training the whole scenario, requests 10,000)' })
      .option('seed', { type: 'number', describe: "Root seed (default: the scenario's seed)" }),
    handler: async (a) => setExit(await generate(a as unknown as GenerateArgs)),
  };
}

async function generate(args: GenerateArgs): Promise<number> {
  // Models are what this command makes: the scenario's model files need not exist yet.
  const scenario = await loadScenario(args.scenario, { checkModels: false });
  if (args.kind === 'requests') return generateRequests(scenario, args);
  if (args.kind === 'profiles') return generateProfiles(scenario, args);
  const t = performance.now(); // clock: elapsed time is reported to the user
  const s = await generateTrainingSet(scenario, {
    out: args.out,
    ...(args.maxRows !== undefined ? { maxRows: args.maxRows } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
  });
  const seconds = (performance.now() - t) / 1000; // clock: as above
  const rate = s.rows > 0 ? ((100 * s.positives) / s.rows).toFixed(2) : '0.00';
  process.stderr.write(
    `bidlab generate: ${s.rows} rows (matched users of ${s.opportunities} opportunities), ${s.positives} positives (${rate}%) → ${s.path} in ${seconds.toFixed(1)} s\n`,
  );
  return 0;
}

async function generateRequests(scenario: Scenario, args: GenerateArgs): Promise<number> {
  const s = await generateRequestSet(scenario, {
    out: args.out,
    ...(args.maxRows !== undefined ? { maxRequests: args.maxRows } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
  });
  process.stderr.write(`bidlab generate: ${s.requests} OpenRTB requests (${s.withIfa} with a device ifa), ${(s.bytes / 1e6).toFixed(1)} MB → ${s.path}\n`);
  return 0;
}

async function generateProfiles(scenario: Scenario, args: GenerateArgs): Promise<number> {
  const s = await generateProfileSet(scenario, { out: args.out, ...(args.seed !== undefined ? { seed: args.seed } : {}) });
  process.stderr.write(`bidlab generate: ${s.profiles} user profiles of ${scenario.campaigns.length} campaign(s) → ${s.path}\n`);
  return 0;
}
