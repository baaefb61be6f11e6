import type { Reading, StoryReadings } from './read-decisions.ts';

/**
 * What the model weighs about a recommendation's best reading, each 0 or 1. Kept few and plain:
 * the model is fitted on about a hundred and fifty labelled pairs.
 */
export const FEATURES = [
  /** The cue names a value outright (not "plans to", "announced", "will get"). */
  'strong-cue',
  /** It is in the headline. */
  'in-headline',
  /** Government (or a party in office, or a Bill) is named as who acted. */
  'government-actor',
  /** The cue needs government as its actor and nobody is named. */
  'unattributed',
  /** Government is named somewhere in the headline or standfirst. */
  'government-named',
  /** The headline leads with a third party or a reaction. */
  'reaction-headline',
  /** The cue's clause names the recommendation. */
  'names-recommendation',
  /** The headline names the recommendation. */
  'recommendation-in-headline',
  /** The clause says it will happen ("will", "to be", "set to", "from April"). */
  'scheduled',
  /** The sentence names a sum of money. */
  'money',
  /** Another reading of the same recommendation agrees or adds to it. */
  'more-readings',
  /** The clause names no recommendation and the story is tagged with others. */
  'shared',
  /** The story has no date. */
  'date-unknown',
] as const;

export type Feature = (typeof FEATURES)[number];
export type FeatureValues = Record<Feature, number>;

/**
 * The reading that stands for a recommendation: the first cue that names a value outright, in
 * reading order (headline, then standfirst, then body), or failing that the first weak one ("plans
 * to pilot" is a pilot; "…announced" in a headline gives way to what the standfirst says was done). When that is an action or an acceptance and its sentence
 * also says how far it has got ("…scrapped from today", "…to come into force in April"), the stage
 * is the reading; a pilot stays a pilot.
 */
export function chooseReading(readings: readonly Reading[]): Reading | undefined {
  const first = readings.find((r) => !r.weak) ?? readings[0];
  if (!first) return undefined;
  const inField = readings.filter((r) => r.field === first.field);
  const chosen = first;
  const advances =
    !chosen.stage &&
    (chosen.value.axis === 'progress' ? chosen.value.value !== 'piloting' : chosen.value.value === 'accepted');
  return (advances && inField.find((r) => r.stage && r.sentence === chosen.sentence)) || chosen;
}

export function featuresOf(chosen: Reading, readings: readonly Reading[], story: StoryReadings): FeatureValues {
  const flag = (b: boolean) => (b ? 1 : 0);
  return {
    'strong-cue': flag(!chosen.weak),
    'in-headline': flag(chosen.field === 'title'),
    'government-actor': flag(chosen.actor?.kind === 'government'),
    unattributed: flag(chosen.unattributed),
    'government-named': flag(story.governmentNamed),
    'reaction-headline': flag(story.reactionHeadline),
    'names-recommendation': flag(chosen.named),
    'recommendation-in-headline': flag(story.namedInHeadline.has(chosen.key)),
    scheduled: flag(chosen.scheduled),
    money: flag(chosen.money),
    'more-readings': flag(readings.length > 1),
    shared: flag(chosen.shared),
    'date-unknown': flag(!story.dateKnown),
  };
}
