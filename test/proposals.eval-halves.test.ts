import { describe, expect, it } from 'vitest';
import { halfOf, splitHalves } from '../src/proposals/eval-halves.ts';
import { readLabelledStories, type LabelledStory } from '../src/proposals/labelled-decisions.ts';
import { fixturesDir } from './helpers/fixture-server.ts';

const dev2 = readLabelledStories([`${fixturesDir}eval/decisions-dev2.jsonl`]);

const counts = (stories: LabelledStory[]) => ({
  stories: stories.length,
  decisions: stories.reduce((n, s) => n + s.decisions.length, 0),
  none: stories.filter((s) => s.decisions.length === 0).length,
  official: stories.filter((s) => s.official).length,
});

describe('the fixed halves of a labelled set', () => {
  it('splits the second development set the same way every time, both halves holding each kind', () => {
    expect(counts(dev2)).toEqual({ stories: 111, decisions: 44, none: 70, official: 21 });
    expect(counts(halfOf(dev2, 1))).toEqual({ stories: 52, decisions: 18, none: 35, official: 11 });
    expect(counts(halfOf(dev2, 2))).toEqual({ stories: 59, decisions: 26, none: 35, official: 10 });
    const again = readLabelledStories([`${fixturesDir}eval/decisions-dev2.jsonl`]);
    expect(halfOf(again, 2).map((s) => s.url)).toEqual(halfOf(dev2, 2).map((s) => s.url));
  });

  it('keeps every report of one decision in the same half, whatever order the stories come in', () => {
    const story = (url: string, key: string | null): LabelledStory => ({
      title: url,
      summary: '',
      url,
      published: '2024-01-01',
      official: false,
      decisions: key ? [{ key, axis: 'progress', value: 'piloting' }] : [],
    });
    const stories = [
      story('https://a.example/1', 'kinship-allowance'),
      story('https://b.example/1', 'kinship-allowance'),
      story('https://a.example/2', 'family-help'),
      story('https://a.example/3', null),
      story('https://a.example/4', null),
      story('https://c.example/1', 'kinship-allowance'),
    ];
    const halves = splitHalves(stories);
    const ofKinship = stories.filter((s) => s.decisions[0]?.key === 'kinship-allowance').map((s) => halves.get(s));
    expect(new Set(ofKinship).size).toBe(1);
    // Decision units and no-decision units are dealt out separately: each half gets one of each.
    expect(halves.get(stories[2]!)).not.toBe(ofKinship[0]);
    expect(halves.get(stories[3]!)).not.toBe(halves.get(stories[4]!));
    const reversed = splitHalves([...stories].reverse());
    expect(stories.map((s) => reversed.get(s))).toEqual(stories.map((s) => halves.get(s)));
  });
});
