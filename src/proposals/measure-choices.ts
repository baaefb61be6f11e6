import { bundledFile } from '../paths.ts';
import { halfOf } from './eval-halves.ts';
import { readLabelledStories, type LabelledStory } from './labelled-decisions.ts';
import { likelyValues } from './proposal-context.ts';
import { defaultDecisionDeps } from './run-decision-eval.ts';

/** How the likely values fare on one set of labelled stories, the labelled recommendation given. */
export interface ChoiceFigures {
  proposals: number;
  /** Proposals whose best value is the labelled one. */
  bestRight: number;
  /** Proposals that offer a choice of values rather than one. */
  offeringChoice: number;
  /** Proposals with the labelled value offered: the best when sure, one of the choices when unsure. */
  rightOffered: number;
  /** Unsure proposals whose best value is wrong but whose choices hold the labelled one. */
  savedByChoice: number;
}

export function measureChoices(stories: readonly LabelledStory[]): ChoiceFigures {
  const { detector } = defaultDecisionDeps();
  const figures: ChoiceFigures = { proposals: 0, bestRight: 0, offeringChoice: 0, rightOffered: 0, savedByChoice: 0 };
  for (const story of stories) {
    for (const label of story.decisions) {
      const decision = detector
        .detect({ ...story, published: story.published ?? undefined }, [label.key])
        .find((d) => d.key === label.key);
      if (!decision) continue;
      const same = (v: { axis: string; value: string }) => v.axis === label.axis && v.value === label.value;
      const choices = likelyValues(decision.values);
      figures.proposals++;
      if (same(decision)) figures.bestRight++;
      if (choices) figures.offeringChoice++;
      if ((choices ?? [decision]).some(same)) figures.rightOffered++;
      if (choices && !same(decision) && choices.some(same)) figures.savedByChoice++;
    }
  }
  return figures;
}

// `npx tsx src/proposals/measure-choices.ts`: prints the figures on the first sets and both halves of the second.
if (import.meta.url === `file://${process.argv[1]}`) {
  const first = readLabelledStories([bundledFile('test/fixtures/eval/decisions-dev.jsonl')]);
  const second = readLabelledStories([bundledFile('test/fixtures/eval/decisions-dev2.jsonl')]);
  const sets = { 'first sets': first, 'second, half 1': halfOf(second, 1), 'second, half 2': halfOf(second, 2) };
  for (const [name, stories] of Object.entries(sets)) console.log(name, JSON.stringify(measureChoices(stories)));
}
