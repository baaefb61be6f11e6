import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { UserFacingError } from '../errors.ts';
import { bundledFile } from '../paths.ts';
import type { Classifier } from './classifier.ts';
import { figureBeside, targetNote } from '../util/targets.ts';
import { evaluate, readLabelledItems, type EvalReport } from './evaluate.ts';

/** What `care-review-bot eval` measures when no file is named: both hand-labelled development sets. */
export const DEFAULT_EVAL_FILES = ['test/fixtures/eval/dev-items.jsonl', 'test/fixtures/eval/dev2-items.jsonl'].map(
  bundledFile,
);

export const TARGETS = {
  themeMicroF1: 0.9,
  recommendationMicroF1: 0.8,
  offTopicFalsePositiveRate: 0.05,
  itemsPerSecond: 2_000,
} as const;

/** The files to evaluate: those named, or the development sets shipped with the package. */
export function resolveEvalFiles(files: string[] = []): string[] {
  if (files.length > 0) return files;
  const found = DEFAULT_EVAL_FILES.filter((candidate) => existsSync(candidate));
  if (found.length === 0)
    throw new UserFacingError('No labelled items found; name a file: care-review-bot eval FILE.jsonl');
  return found;
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/** A file as the user would name it: relative to the working directory. */
export const shownPath = (file: string) => relative(process.cwd(), file) || file;
const MOST_MISTAKES = 40;

/** Which targets the report misses, in words; empty when it meets them all. */
export function missedTargets(report: EvalReport): string[] {
  const missed: string[] = [];
  if (report.themeMicroF1 < TARGETS.themeMicroF1)
    missed.push(`theme micro-F1 ${report.themeMicroF1} < ${TARGETS.themeMicroF1}`);
  if (report.recommendationMicroF1 < TARGETS.recommendationMicroF1)
    missed.push(`recommendation micro-F1 ${report.recommendationMicroF1} < ${TARGETS.recommendationMicroF1}`);
  if (report.offTopicFalsePositiveRate > TARGETS.offTopicFalsePositiveRate)
    missed.push(
      `off-topic tagged ${figureBeside(report.offTopicFalsePositiveRate, TARGETS.offTopicFalsePositiveRate, 1, 100)}% > ${pct(TARGETS.offTopicFalsePositiveRate)}`,
    );
  return missed;
}

export function formatReport(report: EvalReport, file: string): string {
  const lines = [
    `Evaluated ${report.items} labelled items from ${shownPath(file)} (${report.offTopicItems} off-topic)`,
    '',
    'theme               precision  recall     F1   support',
  ];
  for (const [theme, s] of Object.entries(report.perTheme)) {
    lines.push(
      `${theme.padEnd(20)}${s.precision.toFixed(2).padStart(9)}${s.recall.toFixed(2).padStart(8)}${s.f1.toFixed(2).padStart(7)}${String(s.support).padStart(10)}`,
    );
  }
  lines.push('', 'source               items  theme F1  rec F1  off-topic tagged');
  for (const [source, s] of Object.entries(report.perSource)) {
    const offTopic = s.offTopicItems === 0 ? '-' : `${pct(s.offTopicFalsePositiveRate)} of ${s.offTopicItems}`;
    lines.push(
      `${source.padEnd(20)}${String(s.items).padStart(6)}${s.themeMicroF1.toFixed(2).padStart(10)}${s.recommendationMicroF1.toFixed(2).padStart(8)}  ${offTopic}`,
    );
  }
  const t = TARGETS;
  const atLeast = (value: number, target: number) => targetNote(value, target, 'floor', String);
  lines.push(
    '',
    `theme micro-F1           ${figureBeside(report.themeMicroF1, t.themeMicroF1, 3)}  (${atLeast(report.themeMicroF1, t.themeMicroF1)})`,
    `theme macro-F1           ${report.themeMacroF1.toFixed(3)}`,
    `recommendation micro-F1  ${figureBeside(report.recommendationMicroF1, t.recommendationMicroF1, 3)}  (P ${report.recommendationPrecision.toFixed(2)}, R ${report.recommendationRecall.toFixed(2)}; ${atLeast(report.recommendationMicroF1, t.recommendationMicroF1)})`,
    `off-topic tagged         ${figureBeside(report.offTopicFalsePositiveRate, t.offTopicFalsePositiveRate, 1, 100)}%  (${targetNote(report.offTopicFalsePositiveRate, t.offTopicFalsePositiveRate, 'ceiling', pct)})`,
    `throughput               ${report.itemsPerSecond} items/s on one core  (${atLeast(report.itemsPerSecond, t.itemsPerSecond)})`,
  );
  if (report.mistakes.length > 0) {
    lines.push(
      '',
      `${report.mistakes.length} items differ from their labels, worst first (care-review-bot explain "<title>" shows why):`,
    );
    for (const m of report.mistakes.slice(0, MOST_MISTAKES)) {
      const why = m.offTopicTagged ? 'off-topic but tagged' : `${m.errors} wrong`;
      lines.push(`- [${why}] ${m.title}${m.source ? `  (${m.source})` : ''}`);
      if ([...m.expected].sort().join() !== [...m.got].sort().join())
        lines.push(`    themes: expected [${m.expected.join(', ')}], got [${m.got.join(', ')}]`);
      if ([...m.expectedRecommendations].sort().join() !== [...m.gotRecommendations].sort().join()) {
        lines.push(
          `    recommendations: expected [${m.expectedRecommendations.join(', ')}], got [${m.gotRecommendations.join(', ')}]`,
        );
      }
    }
    if (report.mistakes.length > MOST_MISTAKES) lines.push(`… and ${report.mistakes.length - MOST_MISTAKES} more`);
  }
  return lines.join('\n');
}

export function runEval(classifier: Classifier, file: string): EvalReport {
  return evaluate(classifier, readLabelledItems(file));
}
