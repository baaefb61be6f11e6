import type { Classifier } from '../classify/classifier.ts';
import type { Decision, DecisionDetector } from './detect-decision.ts';
import type { LabelledStory } from './labelled-decisions.ts';

/**
 * `end-to-end`: the classifier's recommendation tags feed detection, as in production.
 * `key-given`: detection alone. A decision story is read for its labelled keys; a story labelled
 * with no decision is read as though tagged with a recommendation it does not name, so any decision
 * the wording seems to report counts against the detector.
 */
export type DecisionEvalMode = 'end-to-end' | 'key-given';

/** Stands for "a recommendation" in key-given mode when a story has no labelled key. */
export const ANY_RECOMMENDATION = '(any recommendation)';

export interface DecisionMistake {
  title: string;
  url: string;
  expected: string[];
  got: string[];
}

export interface DecisionEvalReport {
  mode: DecisionEvalMode;
  stories: number;
  decisionStories: number;
  labelledDecisions: number;
  nonDecisionStories: number;
  proposals: number;
  correctProposals: number;
  /** Proposals with the right key but another axis or value. */
  wrongValue: number;
  /** Right key, axis and value among proposals made. */
  precision: number;
  /** Right key (any axis or value) among proposals made. */
  keyPrecision: number;
  /** Labelled decisions proposed exactly. */
  recall: number;
  /** Labelled decisions whose recommendation was proposed, whatever the value. */
  keyRecall: number;
  /** Decision stories with at least one exact proposal. */
  storyRecall: number;
  /** Share of no-decision stories that yield any proposal. */
  nonDecisionProposedRate: number;
  itemsPerSecond: number;
  mistakes: DecisionMistake[];
}

export interface DecisionEvalDeps {
  detector: DecisionDetector;
  classifier: Classifier;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
const ratio = (a: number, b: number, empty: number) => round(b === 0 ? empty : a / b);
const label = (d: { key: string; axis: string; value: string }) => `${d.key} ${d.axis}/${d.value}`;

function keysFor(story: LabelledStory, mode: DecisionEvalMode, classifier: Classifier): string[] {
  if (mode === 'key-given')
    return story.decisions.length > 0 ? [...new Set(story.decisions.map((d) => d.key))] : [ANY_RECOMMENDATION];
  return classifier.classify({ title: story.title, summary: story.summary }).recommendations.map((t) => t.key);
}

export function detectForStory(story: LabelledStory, mode: DecisionEvalMode, deps: DecisionEvalDeps): Decision[] {
  return deps.detector.detect(
    { title: story.title, summary: story.summary, published: story.published },
    keysFor(story, mode, deps.classifier),
  );
}

/** Stories a second on one core, tagging and detecting as the mode does, repeated for at least `minMs`. */
export function measureDecisionThroughput(
  stories: LabelledStory[],
  mode: DecisionEvalMode,
  deps: DecisionEvalDeps,
  minMs = 1_000,
): number {
  if (stories.length === 0) return 0;
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const story of stories) detectForStory(story, mode, deps);
    done += stories.length;
  }
  return Math.round(done / ((performance.now() - start) / 1000));
}

export function evaluateDecisions(
  stories: LabelledStory[],
  mode: DecisionEvalMode,
  deps: DecisionEvalDeps,
  options: { throughputMs?: number } = {},
): DecisionEvalReport {
  let proposals = 0;
  let correct = 0;
  let wrongValue = 0;
  let found = 0;
  let keysFound = 0;
  let storiesFound = 0;
  let nonDecisionProposed = 0;
  const mistakes: DecisionMistake[] = [];
  for (const story of stories) {
    const got = detectForStory(story, mode, deps);
    const expected = new Set(story.decisions.map(label));
    const gotLabels = new Set(got.map(label));
    proposals += got.length;
    const right = got.filter((d) => expected.has(label(d))).length;
    correct += right;
    wrongValue += got.filter((d) => !expected.has(label(d)) && story.decisions.some((e) => e.key === d.key)).length;
    found += [...expected].filter((l) => gotLabels.has(l)).length;
    keysFound += story.decisions.filter((e) => got.some((d) => d.key === e.key)).length;
    if (story.decisions.length > 0 && right > 0) storiesFound++;
    if (story.decisions.length === 0 && got.length > 0) nonDecisionProposed++;
    if (expected.size !== gotLabels.size || [...expected].some((l) => !gotLabels.has(l))) {
      mistakes.push({
        title: story.title,
        url: story.url,
        expected: [...expected],
        got: got.map((d) => `${label(d)} ('${d.evidence.phrase}', ${d.evidence.field}, ${d.confidence.toFixed(2)})`),
      });
    }
  }
  const decisionStories = stories.filter((s) => s.decisions.length > 0).length;
  const labelledDecisions = stories.reduce((n, s) => n + s.decisions.length, 0);
  const nonDecisionStories = stories.length - decisionStories;
  return {
    mode,
    stories: stories.length,
    decisionStories,
    labelledDecisions,
    nonDecisionStories,
    proposals,
    correctProposals: correct,
    wrongValue,
    precision: ratio(correct, proposals, 1),
    keyPrecision: ratio(correct + wrongValue, proposals, 1),
    recall: ratio(found, labelledDecisions, 1),
    keyRecall: ratio(keysFound, labelledDecisions, 1),
    storyRecall: ratio(storiesFound, decisionStories, 1),
    nonDecisionProposedRate: ratio(nonDecisionProposed, nonDecisionStories, 0),
    itemsPerSecond: measureDecisionThroughput(stories, mode, deps, options.throughputMs ?? 1_000),
    mistakes,
  };
}
