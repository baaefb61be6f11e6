import { loadClassifier } from '../classify/classifier.ts';
import { measureThroughput, readLabelledItems } from '../classify/evaluate.ts';
import { resolveEvalFiles } from '../classify/run-eval.ts';

/** Items classified per second on one core, over real labelled news items. */
export function runClassifyBench(log: (line: string) => void = console.log): { itemsPerSecond: number; items: number } {
  const classifier = loadClassifier();
  const items = resolveEvalFiles().flatMap((file) => readLabelledItems(file));
  const itemsPerSecond = measureThroughput(classifier, items, 2_000);
  log(`classification:       ${itemsPerSecond} items/s on one core (${items.length} labelled items, repeated for 2 s)`);
  return { itemsPerSecond, items: items.length };
}
