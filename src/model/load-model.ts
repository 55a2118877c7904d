import { readFile } from 'node:fs/promises';
import { ModelFormatError } from './errors.js';
import { parseModel } from './parse-model.js';
import { Predictor, type PredictorOptions } from './predictor.js';

/** Reads and parses a model file; a missing or unreadable file is a ModelFormatError naming it. */
export async function loadModelFile(path: string, options?: PredictorOptions): Promise<Predictor> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ModelFormatError('MODEL_UNREADABLE', `cannot read the model file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
  }
  return new Predictor(parseModel(text, path), options);
}

/** Parses model text already in memory. */
export function loadModelText(text: string, options?: PredictorOptions, source?: string): Predictor {
  return new Predictor(parseModel(text, source), options);
}
