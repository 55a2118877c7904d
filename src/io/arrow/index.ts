export { type ArrowCell, type ArrowColumn, type ArrowColumnType, ArrowTableWriter, type ArrowTableWriterOptions } from './arrow-table-writer.js';
