/** k6 run load/ramp-to-knee.ts: scenarios/ramp-to-knee.json against the bidder (BIDLAB_TARGET=http://host:port to point elsewhere). */
import { bidTest, summary } from './bid-test.ts';

const test = bidTest('ramp-to-knee');

export const options = test.options;
export const bid = test.bid;
export const handleSummary = (data: Parameters<typeof summary>[1]) => summary('ramp-to-knee', data);
