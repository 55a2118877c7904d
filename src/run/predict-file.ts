import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { openFeatureTable } from '../io/table/index.js';
import { FeatureColumns } from '../model/feature-columns.js';
import type { Predictor, PredictOptions } from '../model/index.js';
import { formatNumber } from './format-number.js';

export interface PredictFileOptions extends PredictOptions {
  readonly input: string;
  /** A file path; absent or '-' writes to stdout. */
  readonly output?: string;
  readonly format?: 'csv' | 'ndjson' | 'arrow';
  /** Input columns to drop (labels, ids) instead of refusing them. */
  readonly ignore?: ReadonlyArray<string>;
  /** Told once which model features the input lacks (they are predicted as missing). */
  readonly onAbsentFeatures?: (names: ReadonlyArray<string>) => void;
}

export interface PredictFileResult { readonly rows: number; readonly width: number }

/**
 * Streams a feature table through a predictor, batch by batch, and writes one line per row.
 * A file output is written to a temporary name and renamed only when every row succeeded, so a
 * failure never leaves a half-written result behind.
 */
export async function predictFile(predictor: Predictor, options: PredictFileOptions): Promise<PredictFileResult> {
  const table = await openFeatureTable(options.input, {
    format: options.format,
    textColumns: FeatureColumns.textFeatures(predictor.model),
  });
  let columns: FeatureColumns;
  try {
    columns = new FeatureColumns(predictor.model, table.columns, new Set(options.ignore ?? []));
  } catch (e) {
    await table.close();
    throw e;
  }
  if (columns.plan.absent.length > 0) options.onAbsentFeatures?.(columns.plan.absent);

  const toFile = options.output !== undefined && options.output !== '-';
  const tmp = toFile ? `${options.output}.partial` : undefined;
  const sink: WriteStream | NodeJS.WriteStream = tmp ? createWriteStream(tmp) : process.stdout;
  const nf = predictor.numFeatures;
  const width = predictor.outputWidth(options);
  let rows = 0;
  let buf = new Float64Array(0);
  try {
    for await (const batch of table.batches()) {
      if (buf.length < batch.numRows * nf) buf = new Float64Array(batch.numRows * nf);
      columns.fill(batch.columns, batch.numRows, buf, (r, c) => {
        const col = c >= 0 && table.columns ? ` column '${table.columns[c]}'` : '';
        return `${options.input}:${batch.firstLine + r}${col}`;
      });
      const out = predictor.predictRowMajor(buf.subarray(0, batch.numRows * nf), batch.numRows, options);
      let text = '';
      for (let r = 0; r < batch.numRows; r++) {
        for (let j = 0; j < width; j++) text += (j ? ',' : '') + formatNumber(out[r * width + j]!);
        text += '\n';
      }
      rows += batch.numRows;
      if (!sink.write(text)) await once(sink, 'drain');
    }
    if (tmp) {
      await new Promise<void>((resolve, reject) => (sink as WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
      await rename(tmp, options.output!);
    }
  } catch (e) {
    if (tmp) {
      // Wait for the stream to close before removing: it may open the file after destroy().
      const out = sink as WriteStream;
      const closed = out.closed ? Promise.resolve() : once(out, 'close');
      out.destroy();
      await closed;
      await rm(tmp, { force: true });
    }
    throw e;
  } finally {
    await table.close();
  }
  return { rows, width };
}
