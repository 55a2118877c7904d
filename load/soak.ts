/** k6 run load/soak.ts: scenarios/soak.json against the bidder (BIDLAB_TARGET=http://host:port to point elsewhere). */
import { bidTest, summary } from './bid-test.ts';

const test = bidTest('soak');

export const options = test.options;
export const bid = test.bid;
export const handleSummary = (data: Parameters<typeof summary>[1]) => summary('soak', data);
