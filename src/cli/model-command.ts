import type { CommandModule } from 'yargs';
import { inspectModel } from './model-inspect.js';
import { predictModel } from './model-predict.js';

type SetExit = (code: number) => void;

/** `bidlab model inspect|predict`: LightGBM text models. */
export function modelCommand(setExit: SetExit): CommandModule {
  return {
    command: 'model <command>',
    describe: 'Inspect LightGBM text models and predict with them',
    builder: (y) => y
      .command({
        command: 'inspect <model>',
        describe: 'Objective, classes, trees, leaves, features and the chosen evaluation strategy',
        builder: (b) => b
          .positional('model', { type: 'string', demandOption: true, describe: 'model.txt written by LightGBM' })
          .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' })
          .option('strategy', { choices: ['auto', 'interpreter', 'codegen'] as const, default: 'auto' as const })
          .option('probe-ms', { type: 'number', default: 3000, describe: 'Time allowed to measure the evaluators on sample rows' }),
        handler: async (a) => setExit(await inspectModel(a as never)),
      })
      .command({
        command: 'predict',
        describe: 'Predict every row of a CSV, NDJSON or Arrow IPC file; one output line per row',
        builder: (b) => b
          .option('model', { type: 'string', demandOption: true, describe: 'model.txt written by LightGBM' })
          .option('input', { type: 'string', demandOption: true, describe: "Feature table (.csv, .ndjson/.jsonl, .arrow/.feather), '-' for stdin" })
          .option('output', { type: 'string', describe: 'Output file (default stdout); written whole or not at all' })
          .option('format', { choices: ['csv', 'ndjson', 'arrow'] as const, describe: 'Input format (default: from the extension)' })
          .option('raw', { type: 'boolean', default: false, describe: 'Raw scores (no sigmoid/softmax/exp, no averaging)' })
          .option('leaf', { type: 'boolean', default: false, describe: 'Leaf index of every tree instead of scores' })
          .option('start-iteration', { type: 'number', default: 0 })
          .option('num-iteration', { type: 'number', default: 0, describe: '≤ 0: all iterations from the start' })
          .option('ignore', { type: 'string', array: true, default: [] as string[], describe: 'Input columns to drop (e.g. a label)' })
          .option('strategy', { choices: ['auto', 'interpreter', 'codegen'] as const, default: 'auto' as const })
          .option('fast-math', { type: 'boolean', default: false, describe: "V8's exp/log1p: faster, within 4 ULP of LightGBM" })
          .check((a) => (a.raw && a.leaf ? '--raw and --leaf exclude each other' : true)),
        handler: async (a) => setExit(await predictModel(a as never)),
      })
      .demandCommand(1, 'Name a model command: inspect or predict.'),
    handler: () => undefined,
  };
}
