export { ModelFormatError, PredictInputError } from './errors.js';
export { loadModelFile, loadModelText } from './load-model.js';
export type { FeatureInfo, LightgbmModel, ObjectiveName, ObjectiveSpec, TreeData } from './model-types.js';
export { parseModel } from './parse-model.js';
export { Predictor } from './predictor.js';
export type { FeatureRecord, NumericRow, PredictOptions, PredictorOptions, Strategy } from './predictor.js';
