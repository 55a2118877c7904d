import yargs from 'yargs';
import { BidlabError } from '../errors.js';
import { modelCommand } from './model-command.js';

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await yargs(argv)
      .scriptName('bidlab')
      .command(modelCommand((code) => { exitCode = code; }))
      .demandCommand(1, 'Name a command.')
      .strict()
      .fail((msg, err, y) => {
        if (err) throw err;
        process.stderr.write(`${y.help()}\n\n${msg}\n`);
        exitCode = 2;
      })
      .help()
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .parseAsync();
  } catch (e) {
    if (e instanceof BidlabError) {
      process.stderr.write(`bidlab: error ${e.code}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return exitCode;
}
