import type { Reading, StoryReadings } from './read-decisions.ts';

/**
 * What the model weighs about a recommendation's best reading, each 0 or 1. Kept few and plain,
 * one per kind of evidence (the cue, where it stands, who acted, what it names, what else the story
 * says): the rules set most stories that report nothing aside, so the model is fitted on a few dozen
 * pairs, nearly all of them decisions, and a feature the data cannot tell apart from another only
 * adds noise.
 */
export const FEATURES = [
  /** The cue names a value outright (not "plans to", "announced", "will get"). */
  'strong-cue',
  /** It is in the headline. */
  'in-headline',
  /** Government (or a party in office, or a Bill) is named as who acted, or in the headline or standfirst. */
  'government',
  /** The cue needs government as its actor and nobody is named. */
  'unattributed',
  /** The cue's clause, or the headline, names the recommendation. */
  'names-recommendation',
  /** The headline leads with a third party or a reaction. */
  'reaction-headline',
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
    government: flag(chosen.actor?.kind === 'government' || story.governmentNamed),
    unattributed: flag(chosen.unattributed),
    'names-recommendation': flag(chosen.named || story.namedInHeadline.has(chosen.key)),
    'reaction-headline': flag(story.reactionHeadline),
    'more-readings': flag(readings.length > 1),
    shared: flag(chosen.shared),
    'date-unknown': flag(!story.dateKnown),
  };
}
