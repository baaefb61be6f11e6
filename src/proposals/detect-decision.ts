import type { Field } from '../classify/classifier.ts';
import type { Recommendation } from '../tracker/recommendations-schema.ts';
import { chooseReading, featuresOf, type FeatureValues } from './decision-features.ts';
import {
  loadDecisionModel,
  rankValues,
  scoreFeatures,
  type Contribution,
  type DecisionModel,
  type RankedValue,
} from './decision-model.ts';
import type { DecisionPhrases, DecisionValue } from './decision-phrases.ts';
import {
  DecisionReader,
  type Actor,
  type DecisionStory,
  type Reading,
  type SetAside,
  type StoryReadings,
} from './read-decisions.ts';

export type { DecisionStory } from './read-decisions.ts';
export type { RankedValue } from './decision-model.ts';

export interface DecisionEvidence {
  /** The words as they appeared in the story. */
  phrase: string;
  field: Field;
  /** The sentence they are in, for a reader to judge. */
  sentence: string;
}

/** Why a decision was read: the rule, who acted, and what the model weighed. */
export interface DecisionWhy {
  /** The cue group that read it (data/decision-phrases.yaml), with ":barrier" or ":kept" when its object changed it. */
  cue: string;
  /** The value that cue reads on its own; the proposed value may differ when the labelled stories say so. */
  cueValue: DecisionValue;
  actor?: Actor;
  /** What each feature added to the log-odds that this is a decision (the bias included). */
  contributions: Contribution[];
  /** The other readings of the same recommendation in the story. */
  otherReadings: Array<{ cue: string; phrase: string; field: Field; value: DecisionValue }>;
}

/** A story's report of what government decided or did on one recommendation. */
export type Decision = DecisionValue & {
  key: string;
  evidence: DecisionEvidence;
  /** Probability that the story reports a decision on this recommendation and that it is this value. */
  confidence: number;
  /** Probability that the story reports a decision on this recommendation at all, whatever its value. */
  decisionConfidence: number;
  /** The likely values, best first (the first is this decision's), each with its probability given a decision. */
  values: RankedValue[];
  why: DecisionWhy;
};

/** Everything the detector made of one recommendation in a story, proposed or not. */
export interface KeyExplanation {
  key: string;
  readings: Reading[];
  chosen?: Reading;
  features?: FeatureValues;
  decisionConfidence?: number;
  /** The decision, when one clears the threshold. */
  decision?: Decision;
}

export interface DetectionExplanation {
  gate?: string;
  threshold: number;
  keys: KeyExplanation[];
  setAside: SetAside[];
}

/** How many likely values a decision lists. */
const RANKED = 3;
/** A value less likely than this is not listed among the alternatives. */
const LISTED = 0.05;

/**
 * Decides whether a story reports a decision or action by government on a recommendation it is
 * tagged with, and which: the wording rules of data/decision-phrases.yaml read it, and the model of
 * data/decision-model.json weighs the reading and ranks the values. Pure and in-process: the same
 * story and tags always give the same answer, with the words and the weights that earned it.
 */
export class DecisionDetector {
  private readonly reader: DecisionReader;

  constructor(
    phrases: DecisionPhrases,
    recommendations: Recommendation[],
    private readonly model: DecisionModel = loadDecisionModel(),
  ) {
    this.reader = new DecisionReader(phrases, recommendations);
  }

  get threshold(): number {
    return this.model.threshold;
  }

  /** What the rules read, before any weighing: for fitting the model. */
  readings(story: DecisionStory, keys: readonly string[]): StoryReadings {
    return this.reader.read(story, keys);
  }

  /** At most one decision per tagged recommendation key, each as confident as the threshold; none when the story reports none. */
  detect(story: DecisionStory, keys: readonly string[]): Decision[] {
    return this.explain(story, keys).keys.flatMap((k) => (k.decision ? [k.decision] : []));
  }

  /** Every reading, score and reason for a story, proposed or not. */
  explain(story: DecisionStory, keys: readonly string[]): DetectionExplanation {
    const read = this.reader.read(story, keys);
    const explained: KeyExplanation[] = [];
    for (const [key, readings] of read.byKey) {
      const chosen = chooseReading(readings);
      if (!chosen) {
        explained.push({ key, readings });
        continue;
      }
      const features = featuresOf(chosen, readings, read);
      const { probability, contributions } = scoreFeatures(this.model, features);
      const values = rankValues(this.model, chosen, readings)
        .filter((v, i) => i === 0 || v.probability >= LISTED)
        .slice(0, RANKED);
      const best = values[0]!;
      const evidenceReading =
        readings.find((r) => r.field === chosen.field && r.value.axis === best.axis && r.value.value === best.value) ??
        chosen;
      const decision: Decision = {
        key,
        axis: best.axis,
        value: best.value,
        evidence: { phrase: evidenceReading.phrase, field: evidenceReading.field, sentence: evidenceReading.sentence },
        confidence: round(probability * best.probability),
        decisionConfidence: round(probability),
        values: values.map((v) => ({ ...v, probability: round(v.probability) })),
        why: {
          cue: evidenceReading.cue,
          cueValue: evidenceReading.value,
          ...(evidenceReading.actor ? { actor: evidenceReading.actor } : {}),
          contributions: contributions.map((c) => ({ ...c, weight: round(c.weight) })),
          otherReadings: readings
            .filter((r) => r !== evidenceReading)
            .map((r) => ({ cue: r.cue, phrase: r.phrase, field: r.field, value: r.value })),
        },
      } as Decision;
      explained.push({
        key,
        readings,
        chosen,
        features,
        decisionConfidence: decision.decisionConfidence,
        ...(decision.confidence >= this.model.threshold ? { decision } : {}),
      });
    }
    return {
      ...(read.gate ? { gate: read.gate } : {}),
      threshold: this.model.threshold,
      keys: explained,
      setAside: read.setAside,
    };
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
