import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledFile } from '../src/paths.ts';
import { loadDecisionPhrases } from '../src/proposals/decision-phrases.ts';
import { DECISION_MODEL_FILE, loadDecisionModel, parseDecisionModel } from '../src/proposals/decision-model.ts';
import { DecisionDetector } from '../src/proposals/detect-decision.ts';
import {
  fitLogistic,
  trainDecisionModel,
  trainingPairs,
  trainingStories,
  TRAINING_SETS,
} from '../src/proposals/train-decision-model.ts';
import { DecisionReader } from '../src/proposals/read-decisions.ts';
import { loadClassifier } from '../src/classify/classifier.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { tempDir } from './helpers/temp-dir.ts';

const recommendations = loadRecommendations();
const shipped = loadDecisionModel();

describe('the decision model data file', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('is what the training script builds from the development sets and the tuning half, and nothing else', () => {
    const pairs = trainingPairs(
      trainingStories(),
      new DecisionReader(loadDecisionPhrases(), recommendations),
      loadClassifier(recommendations),
    );
    const files = [...TRAINING_SETS.whole, ...TRAINING_SETS.half1.map((f) => `${f} (half 1)`)];
    const rebuilt = JSON.parse(JSON.stringify(trainDecisionModel(pairs, files))) as unknown;
    expect(rebuilt).toEqual(shipped);
    expect(shipped.trained.files).toEqual([
      'test/fixtures/eval/decisions-dev.jsonl',
      'test/fixtures/eval/non-decisions-dev.jsonl',
      'test/fixtures/eval/decisions-dev2.jsonl (half 1)',
    ]);
  });

  it('is refused at load with the field that is wrong', () => {
    const file = dir.file('model.json');
    const broken = { ...shipped, threshold: 1.5, weights: { ...shipped.weights, government: 'a lot' } };
    writeFileSync(file, JSON.stringify(broken));
    expect(() => loadDecisionModel(file)).toThrow(/threshold: Too big: expected number to be <=1/);
    expect(() => loadDecisionModel(file)).toThrow(/weights\.government: /);
    expect(() => parseDecisionModel('{', 'model.json')).toThrow(/model\.json: not JSON/);
    expect(readFileSync(bundledFile(DECISION_MODEL_FILE), 'utf8').endsWith('\n')).toBe(true);
  });

  it('proposes nothing below its threshold, while explain still shows the score', () => {
    const strict = new DecisionDetector(loadDecisionPhrases(), recommendations, { ...shipped, threshold: 0.999 });
    const story = { title: 'Government scraps plan to pay kinship carers an allowance', published: '2025-03-01' };
    expect(
      new DecisionDetector(loadDecisionPhrases(), recommendations).detect(story, ['kinship-allowance']),
    ).toHaveLength(1);
    expect(strict.detect(story, ['kinship-allowance'])).toEqual([]);
    const [explained] = strict.explain(story, ['kinship-allowance']).keys;
    expect(explained!.decisionConfidence).toBeGreaterThan(0.5);
    expect(explained!.decision).toBeUndefined();
  });
});

describe('fitting', () => {
  it('learns which way a feature points, and keeps a weight the data says nothing about at its prior', () => {
    const rows = [
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    const { weights } = fitLogistic(rows, [1, 1, 0, 0, 0, 1], 0.1, [0, -2]);
    expect(weights[0]).toBeGreaterThan(0.5);
    expect(weights[1]).toBeCloseTo(-2, 5);
  });
});
