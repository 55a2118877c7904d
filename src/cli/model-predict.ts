import { loadModelFile } from '../model/index.js';
import { predictFile } from '../run/predict-file.js';

export interface PredictArgs {
  model: string; input: string; output?: string; format?: 'csv' | 'ndjson' | 'arrow';
  raw: boolean; leaf: boolean; startIteration: number; numIteration: number;
  ignore: string[]; strategy: 'auto' | 'interpreter' | 'codegen'; fastMath: boolean;
}

export async function predictModel(a: PredictArgs): Promise<number> {
  const predictor = await loadModelFile(a.model, { strategy: a.strategy, fastMath: a.fastMath });
  const result = await predictFile(predictor, {
    input: a.input, output: a.output, format: a.format, raw: a.raw, leaf: a.leaf,
    startIteration: a.startIteration, numIteration: a.numIteration,
    // An empty name is allowed: it is the unnamed index column `df.to_csv(path)` writes.
    ignore: a.ignore.flatMap((s) => s.split(',')),
    onAbsentFeatures: (names) => process.stderr.write(`bidlab: note: ${names.length} model feature(s) not in the input, predicted as missing: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}\n`),
  });
  if (a.output && a.output !== '-') process.stderr.write(`bidlab: ${result.rows} rows × ${result.width} values written to ${a.output}\n`);
  return 0;
}
