import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { bundledFile } from '../paths.ts';
import { FEATURES, type Feature, type FeatureValues } from './decision-features.ts';
import { parseMeaning, type DecisionValue } from './decision-phrases.ts';
import type { Reading } from './read-decisions.ts';

export const DECISION_MODEL_FILE = 'data/decision-model.json';

const VALUE = /^(response|progress)\/[a-z-]+$/;
const distribution = z
  .record(z.string().regex(VALUE, 'must be axis/value'), z.number().min(0).max(1))
  .refine((d) => Object.keys(d).length > 0, 'must name at least one value')
  .refine((d) => parseMeaningsOk(Object.keys(d)), 'names a value that is not a decidable response or progress value');

function parseMeaningsOk(values: string[]): boolean {
  return values.every((v) => parseMeaning(v) !== undefined);
}

const featureWeights = z
  .object(Object.fromEntries(FEATURES.map((f) => [f, z.number().finite()])) as Record<Feature, z.ZodNumber>)
  .strict();

export const decisionModelSchema = z
  .object({
    about: z.string(),
    /** Where it was fitted from, and how well it did there (out of fold). */
    trained: z.object({
      files: z.array(z.string()).min(1),
      pairs: z.number().int().min(1),
      positives: z.number().int().min(1),
      regularisation: z.number().min(0),
      priorWeights: featureWeights,
      crossValidated: z.record(z.string(), z.number()),
    }),
    /** Below this confidence (a decision, and its value), nothing is proposed. */
    threshold: z.number().min(0).max(1),
    bias: z.number().finite(),
    weights: featureWeights,
    /** How likely each value is when a cue reads a value: keyed "cue|axis/value". */
    values: z.record(z.string(), distribution),
    /** Values as labelled overall, for a cue the fit never saw. */
    prior: distribution,
    /** How much a cue's own value counts against what was labelled (pseudo-counts), and the prior. */
    smoothing: z.object({ own: z.number().min(0), prior: z.number().min(0) }),
  })
  .strict();

export type DecisionModel = z.infer<typeof decisionModelSchema>;

export function parseDecisionModel(text: string, file: string): DecisionModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${file}: not JSON (${(error as Error).message})`], `Invalid ${file}`);
  }
  const parsed = decisionModelSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top)'}: ${i.message}`),
      `Invalid ${file}`,
    );
  return parsed.data;
}

export function loadDecisionModel(file = bundledFile(DECISION_MODEL_FILE)): DecisionModel {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`],
      `Cannot load ${file}`,
    );
  }
  return parseDecisionModel(text, file);
}

export interface Contribution {
  feature: Feature | 'bias';
  weight: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Probability that the features describe a real decision, and what each feature added to the log-odds. */
export function scoreFeatures(model: Pick<DecisionModel, 'bias' | 'weights'>, features: FeatureValues) {
  const contributions: Contribution[] = [{ feature: 'bias', weight: model.bias }];
  let z = model.bias;
  for (const feature of FEATURES) {
    if (!features[feature]) continue;
    const weight = model.weights[feature] * features[feature];
    contributions.push({ feature, weight });
    z += weight;
  }
  return { probability: sigmoid(z), contributions };
}

export const valueLabel = (v: DecisionValue) => `${v.axis}/${v.value}`;
export const readingKey = (r: Pick<Reading, 'cue' | 'value'>) => `${r.cue}|${valueLabel(r.value)}`;

/** P(value | a reading by this cue), smoothed toward the cue's own value and the prior. */
export function cueDistribution(
  model: Pick<DecisionModel, 'values' | 'prior' | 'smoothing'>,
  reading: Pick<Reading, 'cue' | 'value'>,
): Map<string, number> {
  const learned = model.values[readingKey(reading)];
  if (learned) return new Map(Object.entries(learned));
  const { own, prior } = model.smoothing;
  const out = new Map<string, number>();
  for (const [value, p] of Object.entries(model.prior)) out.set(value, (prior * p) / (own + prior));
  const mine = valueLabel(reading.value);
  out.set(mine, (out.get(mine) ?? 0) + own / (own + prior));
  return out;
}

/** Weight of a reading other than the chosen one in the value ranking. */
export const OTHER_READING_WEIGHT = 0.3;

/** A value a story may report, with its probability given that it reports a decision. */
export type RankedValue = DecisionValue & { probability: number };

/** Values ranked by how likely they are, from the chosen reading and, less, the others. */
export function rankValues(
  model: Pick<DecisionModel, 'values' | 'prior' | 'smoothing'>,
  chosen: Reading,
  readings: readonly Reading[],
): RankedValue[] {
  const total = new Map<string, number>();
  const add = (reading: Reading, weight: number) => {
    for (const [value, p] of cueDistribution(model, reading)) total.set(value, (total.get(value) ?? 0) + weight * p);
  };
  add(chosen, 1);
  for (const reading of readings) if (reading !== chosen) add(reading, OTHER_READING_WEIGHT);
  const sum = [...total.values()].reduce((a, b) => a + b, 0);
  return [...total.entries()]
    .map(([label, weight]): RankedValue => ({ ...parseMeaning(label)!, probability: weight / sum }))
    .sort((a, b) => b.probability - a.probability || valueLabel(a).localeCompare(valueLabel(b)));
}
