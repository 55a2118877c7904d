export { AttributionError, type AttributionErrorCode } from './attribution-error.js';
export { AttributionStage, type AttributionEvent, type AttributionEventKind, type AttributionSink, type AttributionStageOptions } from './attribution-stage.js';
export { AttributionWindow, type Attributed } from './attribution-window.js';
export { dedupePostbacks, PostbackDeduper } from './dedupe-postbacks.js';
export { buildPostback, type ConversionKind, type Postback, type PostbackInput } from './postback.js';
export { ResponseModel, type ResponseOptions } from './response-model.js';
export { ResponsePurpose } from './response-purpose.js';
export { drawResponse, emptyResponse, type UserResponse } from './user-response.js';
export { trueConversionProbability } from './true-conversion.js';
