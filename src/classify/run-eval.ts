import { existsSync } from 'node:fs';
import { UserFacingError } from '../errors.ts';
import type { Classifier } from './classifier.ts';
import { evaluate, readLabelledItems, type EvalReport } from './evaluate.ts';

/** Where `care-review-bot eval` looks when no file is named: the shared development set, then the test fixture. */
export const DEFAULT_EVAL_FILES = ['../shared/eval/dev-items.jsonl', 'test/fixtures/eval/dev-items.jsonl'];

export const TARGETS = { themeMicroF1: 0.85, recommendationMicroF1: 0.75, offTopicFalsePositiveRate: 0.05, itemsPerSecond: 2_000 } as const;

export function resolveEvalFile(file?: string): string {
  if (file) return file;
  const found = DEFAULT_EVAL_FILES.find((candidate) => existsSync(candidate));
  if (!found) throw new UserFacingError(`No labelled items found; name a file: care-review-bot eval FILE.jsonl (looked for ${DEFAULT_EVAL_FILES.join(', ')})`);
  return found;
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export function formatReport(report: EvalReport, file: string): string {
  const lines = [
    `Evaluated ${report.items} labelled items from ${file} (${report.offTopicItems} off-topic)`,
    '',
    'theme               precision  recall     F1   support',
  ];
  for (const [theme, s] of Object.entries(report.perTheme)) {
    lines.push(`${theme.padEnd(20)}${s.precision.toFixed(2).padStart(9)}${s.recall.toFixed(2).padStart(8)}${s.f1.toFixed(2).padStart(7)}${String(s.support).padStart(10)}`);
  }
  const mark = (ok: boolean) => (ok ? 'ok' : 'BELOW TARGET');
  lines.push(
    '',
    `theme micro-F1           ${report.themeMicroF1.toFixed(3)}  (target >= ${TARGETS.themeMicroF1}: ${mark(report.themeMicroF1 >= TARGETS.themeMicroF1)})`,
    `theme macro-F1           ${report.themeMacroF1.toFixed(3)}`,
    `recommendation micro-F1  ${report.recommendationMicroF1.toFixed(3)}  (P ${report.recommendationPrecision.toFixed(2)}, R ${report.recommendationRecall.toFixed(2)}; target >= ${TARGETS.recommendationMicroF1}: ${mark(report.recommendationMicroF1 >= TARGETS.recommendationMicroF1)})`,
    `off-topic tagged         ${pct(report.offTopicFalsePositiveRate)}  (target <= ${pct(TARGETS.offTopicFalsePositiveRate)}: ${mark(report.offTopicFalsePositiveRate <= TARGETS.offTopicFalsePositiveRate)})`,
    `throughput               ${report.itemsPerSecond} items/s on one core  (target >= ${TARGETS.itemsPerSecond}: ${mark(report.itemsPerSecond >= TARGETS.itemsPerSecond)})`,
  );
  if (report.mistakes.length > 0) {
    lines.push('', `${report.mistakes.length} items differ from their labels:`);
    for (const m of report.mistakes) {
      lines.push(`- ${m.title}`);
      if ([...m.expected].sort().join() !== [...m.got].sort().join()) lines.push(`    themes: expected [${m.expected.join(', ')}], got [${m.got.join(', ')}]`);
      if (m.expectedRecommendations.join() !== m.gotRecommendations.join()) {
        lines.push(`    recommendations: expected [${m.expectedRecommendations.join(', ')}], got [${m.gotRecommendations.join(', ')}]`);
      }
    }
  }
  return lines.join('\n');
}

export function runEval(classifier: Classifier, file: string): EvalReport {
  return evaluate(classifier, readLabelledItems(file));
}
