export { AucAccumulator } from './auc.js';
export { type CalibrationBin, CalibrationAccumulator, type CalibrationReport } from './calibration.js';
