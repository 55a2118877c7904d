import yargs from 'yargs';
import { BidlabError } from '../errors.js';
import { compareCommand } from './compare-command.js';
import { dashboardsCommand } from './dashboards-command.js';
import { esCommand } from './es-command.js';
import { generateCommand } from './generate-command.js';
import { loadCommand } from './load-command.js';
import { logCommand } from './log-command.js';
import { recordCommand } from './record-command.js';
import { indexCommand } from './index-command.js';
import { modelCommand } from './model-command.js';
import { runCommand } from './run-command.js';
import { serveCommand } from './serve-command.js';
import { sweepCommand } from './sweep-command.js';

/**
 * yargs reads a lone '-' as a positional argument, so `--input -` (stdin) would fail; bind it to
 * the option before yargs sees it.
 */
function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (argv[i + 1] === '-' && /^--[a-z][a-z-]*$/.test(a)) { out.push(`${a}=-`); i++; } else out.push(a);
  }
  return out;
}

/** A mistake in the command line itself (unknown option, missing argument). */
class UsageError extends BidlabError {
  constructor(message: string) { super('CLI_USAGE', message); }
}

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await yargs(joinDashValues(argv))
      .scriptName('bidlab')
      .command(modelCommand((code) => { exitCode = code; }))
      .command(generateCommand((code) => { exitCode = code; }))
      .command(runCommand((code) => { exitCode = code; }))
      .command(compareCommand((code) => { exitCode = code; }))
      .command(sweepCommand((code) => { exitCode = code; }))
      .command(serveCommand((code) => { exitCode = code; }))
      .command(loadCommand((code) => { exitCode = code; }))
      .command(indexCommand((code) => { exitCode = code; }))
      .command(esCommand((code) => { exitCode = code; }))
      .command(dashboardsCommand((code) => { exitCode = code; }))
      .command(recordCommand((code) => { exitCode = code; }))
      .command(logCommand((code) => { exitCode = code; }))
      .demandCommand(1, 'Name a command.')
      .strict()
      .fail((msg, err) => {
        // yargs runs on after a fail handler that returns, so a usage mistake must throw too.
        throw err instanceof BidlabError || !msg ? err : new UsageError(msg);
      })
      .help()
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .parseAsync();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`bidlab: ${e.message}\nRun 'bidlab --help' (or '<command> --help') for usage.\n`);
      return 2;
    }
    if (e instanceof BidlabError) {
      process.stderr.write(`bidlab: error ${e.code}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return exitCode;
}
