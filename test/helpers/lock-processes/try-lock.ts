// Tries the poll lock of a SQLite store once and says what happened.
//   try-lock.ts FILE
import { silentLogger } from '../../../src/logger.ts';
import { openStore } from '../../../src/store/open-store.ts';

const store = await openStore(`sqlite://${process.argv[2]!}`, silentLogger);
const outcome = await store.locks.tryRun('poll', async () => 'RAN the poll');
console.log(outcome.ran ? outcome.value : `WAITS: held by ${outcome.heldBy.holder}`);
await store.close();
