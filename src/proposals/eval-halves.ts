import { createHash } from 'node:crypto';
import type { LabelledStory } from './labelled-decisions.ts';

export type Half = 1 | 2;

const label = (d: { key: string; axis: string; value: string }) => `${d.key} ${d.axis}/${d.value}`;

/**
 * Which unit a story is split with. Stories labelled with the same decisions (two outlets reporting
 * one announcement) are one unit, so a decision tuned on in one half is not reported again in the
 * other; a story reporting no decision is a unit of its own, by its URL.
 */
function unitOf(story: LabelledStory): string {
  const labels = story.decisions.map(label).sort();
  return labels.length > 0 ? `decisions:${labels.join('|')}` : `url:${story.url}`;
}

/** Decision units and no-decision units, news and official items, are each split evenly. */
function stratumOf(story: LabelledStory): string {
  return `${story.decisions.length > 0 ? 'decision' : 'none'}|${story.official ? 'official' : 'news'}`;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Splits labelled stories into two fixed halves, to tune on one and check on the other. Within each
 * stratum (decision or none, official item or news), units are ordered by the SHA-256 of their name
 * and dealt alternately to half 1 and half 2. The same file always splits the same way; adding
 * stories to a file can move others, so a half is a half of the file as it stands.
 */
export function splitHalves(stories: readonly LabelledStory[]): Map<LabelledStory, Half> {
  const strata = new Map<string, Set<string>>();
  const stratumOfUnit = new Map<string, string>();
  for (const story of stories) {
    const unit = unitOf(story);
    // A unit's stratum is its first story's.
    const stratum = stratumOfUnit.get(unit) ?? stratumOf(story);
    stratumOfUnit.set(unit, stratum);
    strata.set(stratum, (strata.get(stratum) ?? new Set()).add(unit));
  }
  const halfOfUnit = new Map<string, Half>();
  for (const units of strata.values()) {
    [...units]
      .map((unit) => ({ unit, order: digest(unit) }))
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
      .forEach(({ unit }, index) => halfOfUnit.set(unit, index % 2 === 0 ? 1 : 2));
  }
  return new Map(stories.map((story) => [story, halfOfUnit.get(unitOf(story))!]));
}

/** The stories of one half. */
export function halfOf(stories: readonly LabelledStory[], half: Half): LabelledStory[] {
  const halves = splitHalves(stories);
  return stories.filter((story) => halves.get(story) === half);
}
