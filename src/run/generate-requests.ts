import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { BidlabError } from '../errors.js';
import { RandomStreams, type RootSeed } from '../rng/index.js';
import type { Scenario } from '../scenario/index.js';
import { buildPopulation, trafficStream } from '../world/index.js';

export interface RequestSetOptions {
  /** The JSON file to write (under `<out>.partial`, renamed at the end). */
  readonly out: string;
  /** How many requests (default 10,000: enough variety for a load test, a few MB). */
  readonly maxRequests?: number;
  readonly seed?: RootSeed;
}

export interface RequestSetSummary {
  readonly requests: number;
  /** Requests whose device id is in the profile store's campaigns (the ones the engine can bid on). */
  readonly withIfa: number;
  readonly bytes: number;
  readonly path: string;
}

export class RequestSetError extends BidlabError {
  constructor(message: string, where: string) { super('RUN_REQUEST_SET', message, where); }
}

/**
 * Writes the first requests of a scenario's synthetic traffic as a JSON array of OpenRTB 2.6
 * BidRequest bodies, one per line: the payloads of a load test (k6's SharedArray, `bidlab
 * load`). The same traffic the replay sees, so the live bidder matches the same users. The same
 * scenario and seed give a byte-identical file.
 */
export async function generateRequestSet(scenario: Scenario, options: RequestSetOptions): Promise<RequestSetSummary> {
  const max = options.maxRequests ?? 10_000;
  if (!(Number.isSafeInteger(max) && max >= 1)) throw new RequestSetError(`the request count must be a positive integer, got ${max}`, 'generateRequestSet');
  const streams = new RandomStreams(options.seed ?? scenario.seed);
  const traffic = trafficStream(scenario, buildPopulation(scenario, streams), streams);
  const partial = `${options.out}.partial`;
  const file = createWriteStream(partial);
  let requests = 0, withIfa = 0, bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!file.write(text)) await once(file, 'drain');
  };
  try {
    await write('[\n');
    for (let item = traffic.nextItem(); item !== undefined && requests < max; item = traffic.nextItem()) {
      const request = item.opportunity.request;
      if (request.device?.ifa !== undefined) withIfa++;
      await write(`${requests > 0 ? ',\n' : ''}${JSON.stringify(request)}`);
      requests++;
    }
    await write('\n]\n');
    file.end();
    await once(file, 'close');
    await rename(partial, options.out);
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return { requests, withIfa, bytes, path: options.out };
}
