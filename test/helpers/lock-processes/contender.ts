// Process B: waits until another process holds the poll lock, takes it as soon as it lapses, and
// holds it for HOLD_MS, counting the comments in the store when it took the lock and when it ends.
//   contender.ts STORE_FILE HOLD_MS
import { silentLogger } from '../../../src/logger.ts';
import { openStore } from '../../../src/store/open-store.ts';

const [file, holdMs] = [process.argv[2]!, Number(process.argv[3] ?? 6_000)];
const store = await openStore(`sqlite://${file}`, silentLogger);
const comments = store.collection<unknown>('comments');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
console.log('B READY');
while (!(await store.locks.inspect('poll'))) await pause(50);
for (;;) {
  const outcome = await store.locks.tryRun('poll', async () => {
    const before = (await comments.entries()).length;
    console.log(`B TOOK the poll lock; comments ${before}`);
    await pause(holdMs);
    const after = (await comments.entries()).length;
    console.log(`B ENDS; comments written while B held the lock: ${after - before}`);
  });
  if (outcome.ran) break;
  await pause(100);
}
await store.close();
