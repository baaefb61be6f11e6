import { runClassifyBench } from './classify-bench.ts';
import { runDigestBench } from './digest-bench.ts';
import { runLookupBench } from './lookup-bench.ts';
import { runPollBench } from './poll-bench.ts';

/** `npm run bench`: prints each figure as it is measured, then one JSON line with all of them. */
export async function runBench(): Promise<void> {
  console.log('care-review-bot benchmarks');
  const poll = await runPollBench();
  const classify = runClassifyBench();
  const lookup = await runLookupBench();
  const digest = runDigestBench();
  const figures = { poll, classify, lookup, digest };
  console.log(JSON.stringify(figures));
}
