import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClassifier, type Classifier } from '../classify/classifier.ts';
import { bundledFile } from '../paths.ts';
import { loadRecommendations } from '../tracker/recommendations-schema.ts';
import { chooseReading, featuresOf, FEATURES, type FeatureValues } from './decision-features.ts';
import {
  DECISION_MODEL_FILE,
  rankValues,
  readingKey,
  scoreFeatures,
  valueLabel,
  type DecisionModel,
} from './decision-model.ts';
import { loadDecisionPhrases } from './decision-phrases.ts';
import { halfOf } from './eval-halves.ts';
import { readLabelledStories, type LabelledDecision, type LabelledStory } from './labelled-decisions.ts';
import { DecisionReader, type Reading } from './read-decisions.ts';

/** The stories the model is fitted on: both first development sets, and only the tuning half of the second. */
export const TRAINING_SETS = {
  whole: ['test/fixtures/eval/decisions-dev.jsonl', 'test/fixtures/eval/non-decisions-dev.jsonl'],
  half1: ['test/fixtures/eval/decisions-dev2.jsonl'],
} as const;

export function trainingStories(): LabelledStory[] {
  return [
    ...readLabelledStories(TRAINING_SETS.whole.map((f) => bundledFile(f))),
    ...halfOf(readLabelledStories(TRAINING_SETS.half1.map((f) => bundledFile(f))), 1),
  ];
}

/** One recommendation of one story that the rules read something for, with what it was labelled. */
export interface TrainingPair {
  unit: string;
  key: string;
  chosen: Reading;
  readings: Reading[];
  features: FeatureValues;
  labels: LabelledDecision[];
}

/**
 * Each story read for the recommendations the classifier tags it with (as a poll would) and those
 * it is labelled with; every recommendation with a reading is a pair.
 */
export function trainingPairs(
  stories: LabelledStory[],
  reader: DecisionReader,
  classifier: Classifier,
): TrainingPair[] {
  const pairs: TrainingPair[] = [];
  for (const story of stories) {
    const tagged = classifier
      .classify({ title: story.title, summary: story.summary })
      .recommendations.map((t) => t.key);
    const keys = [...new Set([...tagged, ...story.decisions.map((d) => d.key)])];
    const read = reader.read({ title: story.title, summary: story.summary, published: story.published }, keys);
    for (const [key, readings] of read.byKey) {
      const chosen = chooseReading(readings);
      if (!chosen) continue;
      pairs.push({
        unit: story.decisions.length > 0 ? story.decisions.map(valueLabel).sort().join('|') : story.url,
        key,
        chosen,
        readings,
        features: featuresOf(chosen, readings, read),
        labels: story.decisions.filter((d) => d.key === key),
      });
    }
  }
  return pairs;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * x[c]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/**
 * Logistic regression by Newton's method, each weight pulled toward its prior (`lambda` times the
 * squared distance: a Gaussian prior); the bias is not.
 */
export function fitLogistic(
  rows: number[][],
  labels: number[],
  lambda: number,
  prior: number[] = new Array<number>(rows[0]?.length ?? 0).fill(0),
): { bias: number; weights: number[] } {
  const d = (rows[0]?.length ?? 0) + 1;
  let beta = [0, ...prior];
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    rows.forEach((row, i) => {
      const x = [1, ...row];
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * beta[j]!, 0)));
      const w = p * (1 - p);
      for (let j = 0; j < d; j++) {
        gradient[j]! += (p - labels[i]!) * x[j]!;
        for (let k = 0; k < d; k++) hessian[j]![k]! += w * x[j]! * x[k]!;
      }
    });
    for (let j = 1; j < d; j++) {
      gradient[j]! += lambda * (beta[j]! - prior[j - 1]!);
      hessian[j]![j]! += lambda;
    }
    hessian[0]![0]! += 1e-6;
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return { bias: beta[0]!, weights: beta.slice(1) };
}

const rowOf = (pair: TrainingPair) => FEATURES.map((f) => pair.features[f]);
const isDecision = (pair: TrainingPair) => (pair.labels.length > 0 ? 1 : 0);

/**
 * What each feature is expected to weigh before the labelled stories say otherwise: the rules'
 * own view of the evidence. With few stories that report no decision among the pairs (the rules set
 * most of them aside), the data alone would say little about what makes a reading doubtful.
 */
export const PRIOR_WEIGHTS: Record<(typeof FEATURES)[number], number> = {
  'strong-cue': 1,
  'in-headline': 0.5,
  government: 1,
  unattributed: -1,
  'names-recommendation': 0.5,
  'reaction-headline': -0.5,
  'more-readings': 0.5,
  shared: -1,
  'date-unknown': -0.3,
};

function fit(pairs: TrainingPair[], lambda: number): Pick<DecisionModel, 'bias' | 'weights'> {
  const { bias, weights } = fitLogistic(
    pairs.map(rowOf),
    pairs.map(isDecision),
    lambda,
    FEATURES.map((f) => PRIOR_WEIGHTS[f]),
  );
  return { bias, weights: Object.fromEntries(FEATURES.map((f, i) => [f, weights[i]!])) as DecisionModel['weights'] };
}

/** Values as labelled, per cue: what a cue's reading turned out to be, smoothed toward its own value. */
export function valueTables(
  pairs: TrainingPair[],
  smoothing: DecisionModel['smoothing'],
): Pick<DecisionModel, 'values' | 'prior'> {
  const overall = new Map<string, number>();
  const byCue = new Map<string, Map<string, number>>();
  for (const pair of pairs) {
    for (const label of pair.labels) {
      const value = valueLabel(label);
      overall.set(value, (overall.get(value) ?? 0) + 1);
      const counts = byCue.get(readingKey(pair.chosen)) ?? new Map<string, number>();
      counts.set(value, (counts.get(value) ?? 0) + 1);
      byCue.set(readingKey(pair.chosen), counts);
    }
  }
  const total = [...overall.values()].reduce((a, b) => a + b, 0);
  const prior = Object.fromEntries([...overall].sort().map(([v, n]) => [v, roundTo(n / total, 4)]));
  const values: DecisionModel['values'] = {};
  for (const [cueKey, counts] of [...byCue].sort(([a], [b]) => a.localeCompare(b))) {
    const own = cueKey.slice(cueKey.indexOf('|') + 1);
    const weights = new Map<string, number>();
    for (const [v, p] of Object.entries(prior)) weights.set(v, smoothing.prior * p);
    weights.set(own, (weights.get(own) ?? 0) + smoothing.own);
    for (const [v, n] of counts) weights.set(v, (weights.get(v) ?? 0) + n);
    const sum = [...weights.values()].reduce((a, b) => a + b, 0);
    values[cueKey] = Object.fromEntries(
      [...weights]
        .map(([v, w]) => [v, roundTo(w / sum, 4)] as const)
        .filter(([, p]) => p >= 0.01)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  return { values, prior };
}

const roundTo = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** Which of `folds` a unit falls in: fixed by the SHA-256 of its name. */
const foldOf = (unit: string, folds: number) =>
  parseInt(createHash('sha256').update(unit).digest('hex').slice(0, 8), 16) % folds;

/** A pair as a model fitted without its fold scores it. */
export interface OutOfFold {
  /** Probability of a decision on the recommendation. */
  decision: number;
  /** Probability of a decision and of its best-ranked value. */
  confidence: number;
  /** The recommendation has a labelled decision. */
  isDecision: boolean;
  /** The best-ranked value is one labelled. */
  exact: boolean;
}

/** Each pair scored by a model (weights and value tables) fitted without its unit's fold. */
export function crossValidate(pairs: TrainingPair[], options: TrainOptions, folds = 5): OutOfFold[] {
  const out = new Array<OutOfFold>(pairs.length);
  for (let fold = 0; fold < folds; fold++) {
    const train = pairs.filter((p) => foldOf(p.unit, folds) !== fold);
    const model = {
      ...fit(train, options.lambda),
      ...valueTables(train, options.smoothing),
      smoothing: options.smoothing,
    };
    pairs.forEach((p, i) => {
      if (foldOf(p.unit, folds) !== fold) return;
      const decision = scoreFeatures(model, p.features).probability;
      const best = rankValues(model, p.chosen, p.readings)[0]!;
      out[i] = {
        decision,
        confidence: decision * best.probability,
        isDecision: p.labels.length > 0,
        exact: p.labels.some((l) => valueLabel(l) === valueLabel(best)),
      };
    });
  }
  return out;
}

/**
 * The confidence below which nothing is proposed: of the thresholds (at least `floor`) at which the
 * pairs kept out of fold are right at least `precision` of the time (value exact) and name a real
 * decision at least `keyPrecision` of the time, the one that keeps the most right; failing any, the
 * floor. Ties go to the higher threshold.
 */
export function chooseThreshold(
  oof: OutOfFold[],
  targets: { precision: number; keyPrecision: number; floor: number },
): number {
  let best = { right: -1, t: targets.floor };
  const candidates = [targets.floor, ...new Set(oof.map((o) => o.confidence).filter((c) => c > targets.floor))].sort(
    (a, b) => a - b,
  );
  for (const t of candidates) {
    const kept = oof.filter((o) => o.confidence >= t);
    if (kept.length === 0) continue;
    const right = kept.filter((o) => o.exact).length;
    const real = kept.filter((o) => o.isDecision).length;
    if (right / kept.length < targets.precision || real / kept.length < targets.keyPrecision) continue;
    if (right >= best.right) best = { right, t };
  }
  return roundTo(Math.max(targets.floor, best.t - 1e-4), 4);
}

/** Mean out-of-fold log-loss of the decision probability: lower is better. */
export function logLoss(oof: OutOfFold[]): number {
  const clamp = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));
  return oof.reduce((s, o) => s - Math.log(o.isDecision ? clamp(o.decision) : 1 - clamp(o.decision)), 0) / oof.length;
}

/**
 * How strongly weights are held to their priors: of `grid`, the one whose models score the pairs
 * kept out of fold best (log-loss), ties going to the stronger.
 */
export function chooseRegularisation(pairs: TrainingPair[], options: TrainOptions): number {
  let best = { loss: Infinity, lambda: options.lambdaGrid[0]! };
  for (const lambda of [...options.lambdaGrid].sort((a, b) => b - a)) {
    const loss = roundTo(logLoss(crossValidate(pairs, { ...options, lambda })), 4);
    if (loss < best.loss) best = { loss, lambda };
  }
  return best.lambda;
}

export interface TrainOptions {
  /** How strongly each weight is held to its prior (chosen from `lambdaGrid` when training). */
  lambda: number;
  lambdaGrid: number[];
  /** Out of fold, what the proposals kept must reach: the targets on stories not tuned on. */
  precision: number;
  keyPrecision: number;
  /** The lowest threshold allowed. */
  floor: number;
  smoothing: DecisionModel['smoothing'];
}

export const TRAIN_DEFAULTS: TrainOptions = {
  lambda: 3,
  lambdaGrid: [1, 3, 10, 30],
  precision: 0.7,
  keyPrecision: 0.9,
  floor: 0.4,
  smoothing: { own: 3, prior: 1 },
};

export function trainDecisionModel(pairs: TrainingPair[], files: string[], defaults = TRAIN_DEFAULTS): DecisionModel {
  const options = { ...defaults, lambda: chooseRegularisation(pairs, defaults) };
  const oof = crossValidate(pairs, options);
  const threshold = chooseThreshold(oof, options);
  const kept = oof.filter((o) => o.confidence >= threshold);
  const positives = oof.filter((o) => o.isDecision).length;
  const fitted = fit(pairs, options.lambda);
  return {
    about:
      'Weighs what data/decision-phrases.yaml reads in a story: the probability that it reports a decision on a recommendation (logistic regression over src/proposals/decision-features.ts, each weight held toward its prior), and how likely each value is given the cue that read it. Nothing is proposed below the threshold on confidence (decision and value). Rebuilt by src/proposals/train-decision-model.ts; do not edit by hand.',
    trained: {
      files,
      pairs: pairs.length,
      positives,
      regularisation: options.lambda,
      priorWeights: PRIOR_WEIGHTS,
      crossValidated: {
        folds: 5,
        kept: kept.length,
        precision: roundTo(kept.filter((o) => o.exact).length / Math.max(1, kept.length), 4),
        keyPrecision: roundTo(kept.filter((o) => o.isDecision).length / Math.max(1, kept.length), 4),
        keyRecall: roundTo(kept.filter((o) => o.isDecision).length / Math.max(1, positives), 4),
      },
    },
    threshold,
    bias: roundTo(fitted.bias, 4),
    weights: Object.fromEntries(FEATURES.map((f) => [f, roundTo(fitted.weights[f], 4)])) as DecisionModel['weights'],
    ...valueTables(pairs, options.smoothing),
    smoothing: options.smoothing,
  };
}

/** Fits the model on the training sets and writes data/decision-model.json. */
export function rebuildDecisionModel(): DecisionModel {
  const recommendations = loadRecommendations();
  const reader = new DecisionReader(loadDecisionPhrases(), recommendations);
  const pairs = trainingPairs(trainingStories(), reader, loadClassifier(recommendations));
  const files = [...TRAINING_SETS.whole, ...TRAINING_SETS.half1.map((f) => `${f} (half 1)`)];
  const model = trainDecisionModel(pairs, files);
  writeFileSync(bundledFile(DECISION_MODEL_FILE), `${JSON.stringify(model, null, 2)}\n`);
  return model;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const model = rebuildDecisionModel();
  process.stdout.write(
    `Wrote ${relative(process.cwd(), bundledFile(DECISION_MODEL_FILE)) || DECISION_MODEL_FILE} from ${model.trained.pairs} pairs (${model.trained.positives} decisions); threshold ${model.threshold}; out of fold above it: ${JSON.stringify(model.trained.crossValidated)}\n`,
  );
}
