import { describe, expect, it } from 'vitest';
import { Classifier } from '../src/classify/classifier.ts';
import { evaluate } from '../src/classify/evaluate.ts';
import { formatReport, TARGETS } from '../src/classify/run-eval.ts';
import { loadTaxonomy } from '../src/classify/taxonomy-schema.ts';
import { evaluateDecisions } from '../src/proposals/evaluate-decisions.ts';
import { readLabelledStories } from '../src/proposals/labelled-decisions.ts';
import {
  DECISION_TARGETS,
  defaultDecisionDeps,
  formatDecisionReport,
  type DecisionEvalRun,
} from '../src/proposals/run-decision-eval.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { fixturesDir } from './helpers/fixture-server.ts';

const files = [`${fixturesDir}eval/decisions-dev.jsonl`, `${fixturesDir}eval/non-decisions-dev.jsonl`];
const measured = evaluateDecisions(readLabelledStories(files), 'end-to-end', defaultDecisionDeps(), {
  throughputMs: 10,
});
const line = (text: string, starts: string) => text.split('\n').find((l) => l.trim().startsWith(starts))!;

/** The decision report for figures set just past (or at) each target. */
function decisionLines(figures: Partial<typeof measured>): string {
  const run: DecisionEvalRun = { files, reports: [{ ...measured, ...figures }] };
  return formatDecisionReport(run, { mistakes: false });
}

describe('eval lines against their targets', () => {
  it('show a miss of a ceiling as over it, with the digits that make the miss visible', () => {
    const over = line(decisionLines({ nonDecisionProposedRate: 2 / 66 }), 'no-decision stories proposed');
    expect(DECISION_TARGETS.nonDecisionProposedRate).toBe(0.03);
    expect(over).toContain('3.03%');
    expect(over).toMatch(/over the ceiling/i);
    expect(over).not.toMatch(/below/i);
    const at = line(decisionLines({ nonDecisionProposedRate: 0.03 }), 'no-decision stories proposed');
    expect(at).toMatch(/: ok\)$/);
    expect(at).not.toMatch(/ceiling|misses/i);
  });

  it('show a miss of a floor as below it, with the digits that make the miss visible', () => {
    const below = line(decisionLines({ precision: 0.69996 }), 'proposal precision');
    expect(below).not.toMatch(/ 0\.700 /);
    expect(below).toMatch(/below the floor/i);
    expect(line(decisionLines({ precision: 0.7 }), 'proposal precision')).toMatch(/: ok\)$/);
  });

  it('word the classifier eval the same way', () => {
    const report = evaluate(new Classifier(loadTaxonomy(), loadRecommendations()), [], { throughputMs: 10 });
    const text = formatReport(
      { ...report, offTopicFalsePositiveRate: TARGETS.offTopicFalsePositiveRate + 0.0004, themeMicroF1: 0.8999 },
      'labelled.jsonl',
    );
    const offTopic = line(text, 'off-topic tagged');
    expect(offTopic).toContain('5.04%');
    expect(offTopic).toMatch(/over the ceiling/i);
    const theme = line(text, 'theme micro-F1');
    expect(theme).toContain('0.8999');
    expect(theme).toMatch(/below the floor/i);
  });
});
