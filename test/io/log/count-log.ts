// Reads a log to the end in its own process and prints what it counted, for the bounded-memory
// test (run with a small --max-old-space-size).
import { readLog } from '../../../src/io/log/index.js';

const path = process.argv[2]!;
let records = 0;
let bad = 0;
let lastId = -1;
let ordered = true;
for await (const item of readLog(path)) {
  if (item.kind === 'bad') bad++;
  else {
    records++;
    if (item.record.opportunityId !== lastId + 1) ordered = false;
    lastId = item.record.opportunityId;
  }
}
process.stdout.write(`${JSON.stringify({ records, bad, ordered })}\n`);
