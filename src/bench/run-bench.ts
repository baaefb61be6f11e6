import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClassifyBench } from './classify-bench.ts';
import { runDigestBench } from './digest-bench.ts';
import { runFaultBench } from './fault-bench.ts';
import { runLookupBench } from './lookup-bench.ts';
import { runPollBench } from './poll-bench.ts';
import { localRedis, runStartupBench } from './startup-bench.ts';

/** `npm run bench`: prints each figure as it is measured, then one JSON line with all of them. */
export async function runBench(): Promise<void> {
  console.log('care-review-bot benchmarks');
  // First, in a heap as fresh as a bot's: after the 50,000-item benches the collector's pauses are the bench's own.
  const faults = await runFaultBench();
  const poll = await runPollBench();
  const classify = runClassifyBench();
  const lookup = await runLookupBench();
  const dir = mkdtempSync(join(tmpdir(), 'care-review-bot-bench-'));
  const redis = await localRedis();
  try {
    const lookupSqlite = await runLookupBench(10_000, 2_000, console.log, `sqlite://${join(dir, 'lookup.sqlite')}`);
    const lookupRedis = redis ? await runLookupBench(10_000, 2_000, console.log, redis.url) : undefined;
    if (!redis) console.log('lookups on redis: skipped (redis-server is not installed)');
    const digest = runDigestBench();
    const startup = await runStartupBench();
    console.log(JSON.stringify({ poll, classify, lookup, lookupSqlite, lookupRedis, digest, startup, faults }));
  } finally {
    redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
