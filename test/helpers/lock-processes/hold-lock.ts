// Holds the poll lock of a SQLite store for a while, as a long poll does, and says whether it kept it.
//   hold-lock.ts FILE HOLD_MS
import { silentLogger } from '../../../src/logger.ts';
import { openStore } from '../../../src/store/open-store.ts';

const [file, holdMs] = [process.argv[2]!, Number(process.argv[3] ?? 4_000)];
const store = await openStore(`sqlite://${file}`, silentLogger);
const outcome = await store.locks.tryRun('poll', async (lease) => {
  console.log(`HOLDING as ${store.instanceId}`);
  const until = Date.now() + holdMs;
  while (Date.now() < until && !lease.aborted) await new Promise((resolve) => setTimeout(resolve, 100));
  return lease.aborted ? `LOST ${String(lease.reason)}` : 'KEPT the lock to the end';
});
console.log(outcome.ran ? outcome.value : 'COULD NOT take the lock');
await store.close();
