import { relative } from 'node:path';
import { loadClassifier } from '../classify/classifier.ts';
import { bundledFile } from '../paths.ts';
import { plural } from '../util/format.ts';
import { figureBeside, targetNote } from '../util/targets.ts';
import { loadRecommendations } from '../tracker/recommendations-schema.ts';
import { loadDecisionPhrases } from './decision-phrases.ts';
import { DecisionDetector } from './detect-decision.ts';
import { halfOf, type Half } from './eval-halves.ts';
import {
  evaluateDecisions,
  type DecisionEvalDeps,
  type DecisionEvalMode,
  type DecisionEvalReport,
} from './evaluate-decisions.ts';
import { readLabelledStories } from './labelled-decisions.ts';

/** The development sets: decision stories and stories about the same recommendations that report none. */
export const DEFAULT_DECISION_FILES = [
  'test/fixtures/eval/decisions-dev.jsonl',
  'test/fixtures/eval/non-decisions-dev.jsonl',
].map((f) => bundledFile(f));

/** What end-to-end reading must reach on stories it was not tuned on. */
export const DECISION_TARGETS = {
  precision: 0.7,
  keyPrecision: 0.9,
  keyRecall: 0.6,
  nonDecisionProposedRate: 0.03,
} as const;

export const MODES: DecisionEvalMode[] = ['end-to-end', 'key-given'];

export interface DecisionEvalRun {
  files: string[];
  half?: Half;
  reports: DecisionEvalReport[];
}

export function defaultDecisionDeps(): DecisionEvalDeps {
  const recommendations = loadRecommendations();
  return {
    detector: new DecisionDetector(loadDecisionPhrases(), recommendations),
    classifier: loadClassifier(recommendations),
  };
}

/** Measures decision detection on labelled files, in both modes; `half` keeps one fixed half of the stories. */
export function runDecisionEval(
  files: string[],
  options: { half?: Half; throughputMs?: number; deps?: DecisionEvalDeps } = {},
): DecisionEvalRun {
  const deps = options.deps ?? defaultDecisionDeps();
  const all = readLabelledStories(files);
  const stories = options.half === undefined ? all : halfOf(all, options.half);
  return {
    files,
    half: options.half,
    reports: MODES.map((mode) => evaluateDecisions(stories, mode, deps, { throughputMs: options.throughputMs })),
  };
}

/** A file as the user would name it: relative to where they are. */
const shown = (file: string) => relative(process.cwd(), file) || file;

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export function meetsTargets(report: DecisionEvalReport): boolean {
  return (
    report.precision >= DECISION_TARGETS.precision &&
    report.keyPrecision >= DECISION_TARGETS.keyPrecision &&
    report.keyRecall >= DECISION_TARGETS.keyRecall &&
    report.nonDecisionProposedRate <= DECISION_TARGETS.nonDecisionProposedRate
  );
}

const HEADINGS: Record<DecisionEvalMode, string> = {
  'end-to-end': 'End to end (the classifier tags recommendations, then detection)',
  'key-given': 'Detection alone (labelled keys given; no-decision stories read as tagged to a recommendation)',
};

export function formatDecisionReport(run: DecisionEvalRun, options: { mistakes?: boolean } = {}): string {
  const first = run.reports[0]!;
  const lines = [
    `Evaluated ${plural(first.stories, 'story', 'stories')} from ${run.files.map(shown).join(', ')}${run.half ? ` (half ${run.half} of 2)` : ''}: ` +
      `${first.decisionStories} reporting ${plural(first.labelledDecisions, 'decision')}, ${first.nonDecisionStories} reporting none`,
  ];
  for (const r of run.reports) {
    const t = DECISION_TARGETS;
    // A figure beside its target, with the digits that show a miss, and the target's note.
    const floor = (value: number, target: number) => figureBeside(value, target, 3);
    const atLeast = (value: number, target: number) => targetNote(value, target, 'floor', String);
    lines.push(
      '',
      HEADINGS[r.mode],
      `  proposal precision        ${floor(r.precision, t.precision)}  (${r.correctProposals} of ${r.proposals} right; ${r.wrongValue} right key, wrong value; ${atLeast(r.precision, t.precision)})`,
      `  right recommendation      ${floor(r.keyPrecision, t.keyPrecision)}  (of proposals, any value; ${atLeast(r.keyPrecision, t.keyPrecision)})`,
      `  recall on decisions       ${r.recall.toFixed(3)}  (value exact; stories with one found: ${r.storyRecall.toFixed(3)})`,
      `  recommendations found     ${floor(r.keyRecall, t.keyRecall)}  (of labelled decisions, any value; ${atLeast(r.keyRecall, t.keyRecall)})`,
      `  no-decision stories proposed  ${figureBeside(r.nonDecisionProposedRate, t.nonDecisionProposedRate, 1, 100)}%  (${targetNote(r.nonDecisionProposedRate, t.nonDecisionProposedRate, 'ceiling', pct)})`,
      `  throughput                ${r.itemsPerSecond} stories/s on one core`,
    );
    if (options.mistakes !== false && r.mistakes.length > 0) {
      lines.push(`  ${r.mistakes.length} stories differ from their labels:`);
      for (const m of r.mistakes) {
        lines.push(
          `  - ${m.title}`,
          `      expected [${m.expected.join('; ')}]`,
          `      got      [${m.got.join('; ')}]`,
        );
      }
    }
  }
  return lines.join('\n');
}

/** The figures alone, one JSON object, for scripts. */
export function decisionFigures(run: DecisionEvalRun): Record<string, unknown> {
  return {
    files: run.files.map(shown),
    ...(run.half ? { half: run.half } : {}),
    targets: DECISION_TARGETS,
    ...Object.fromEntries(
      run.reports.map(({ mistakes, mode, ...figures }) => [
        mode,
        { ...figures, meetsTargets: meetsTargets({ mistakes, mode, ...figures }) },
      ]),
    ),
  };
}
