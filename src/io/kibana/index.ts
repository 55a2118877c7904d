export { type ImportResult, importSavedObjects, type KibanaConnection } from './import-saved-objects.js';
export { KibanaError } from './kibana-error.js';
