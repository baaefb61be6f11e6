import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import type { RankedValue } from '../src/proposals/detect-decision.ts';
import { correctionNote, UNSURE_BELOW, valueChoices } from '../src/proposals/proposal-context.ts';
import { openStore } from '../src/store/open-store.ts';
import { loadRecommendations, type Recommendation } from '../src/tracker/recommendations-schema.ts';
import { Tracker, type ModeratorEdit, type RecommendationStatus } from '../src/tracker/tracker.ts';

const recommendations = loadRecommendations();
const source = { title: 'A source', url: 'https://example.org/source' };

async function statusWith(timeline: Recommendation['timeline']): Promise<RecommendationStatus> {
  const rec = { ...recommendations.find((r) => r.key === 'kinship-leave')!, timeline };
  const tracker = await Tracker.open(
    [rec],
    (await openStore(`memory:${randomUUID()}`, silentLogger)).collection<ModeratorEdit[]>('tracker'),
  );
  return tracker.status('kinship-leave')!;
}

const backed = { date: '2024-03-01', axis: 'response', value: 'accepted', summary: 'Backed.', source } as const;

describe('a correction of an entry the tracker holds', () => {
  it('is the same event (the same source, or within two weeks) with another value', async () => {
    const status = await statusWith([backed]);
    expect(correctionNote(status, 'response', 'rejected', '2024-03-08', 'https://news.example/a')).toEqual({
      date: '2024-03-01',
      value: 'accepted',
    });
    // The same story months later is still the same event.
    expect(correctionNote(status, 'response', 'rejected', '2024-09-01', 'https://example.org/source/')).toEqual({
      date: '2024-03-01',
      value: 'accepted',
    });
  });

  it('is not a newer decision, the same value, an entry on the other axis, or one the data file corrects', async () => {
    const status = await statusWith([
      backed,
      { date: '2024-03-02', axis: 'progress', value: 'planned', summary: 'Planned.', source },
    ]);
    expect(correctionNote(status, 'response', 'rejected', '2024-06-01', 'https://news.example/a')).toBeUndefined();
    expect(correctionNote(status, 'response', 'accepted', '2024-03-05', 'https://news.example/a')).toBeUndefined();
    expect(correctionNote(status, 'progress', 'piloting', '2024-04-30', 'https://news.example/a')).toBeUndefined();
    const corrected = await statusWith([
      backed,
      {
        ...backed,
        date: '2024-03-10',
        value: 'accepted-in-part',
        corrects: { date: '2024-03-01', value: 'accepted' },
      },
    ]);
    expect(correctionNote(corrected, 'response', 'rejected', '2024-03-03', 'https://news.example/a')).toEqual({
      date: '2024-03-10',
      value: 'accepted-in-part',
    });
  });

  it('covers a whole month when the entry is dated only to the month', async () => {
    const status = await statusWith([{ ...backed, date: '2024-03' }]);
    expect(correctionNote(status, 'response', 'rejected', '2024-03-28', 'https://news.example/a')).toEqual({
      date: '2024-03',
      value: 'accepted',
    });
    expect(correctionNote(status, 'response', 'rejected', '2024-04-02', 'https://news.example/a')).toBeUndefined();
  });
});

describe('the likely values offered when unsure', () => {
  const ranked = (...values: Array<[string, string, number]>): RankedValue[] =>
    values.map(([axis, value, probability]) => ({ axis, value, probability }) as RankedValue);

  it('offers two or three likely values, each with what it would change on its own axis', async () => {
    const status = await statusWith([{ ...backed, value: 'under-consideration' }]);
    const choices = valueChoices(
      ranked(['response', 'accepted', 0.58], ['progress', 'in-progress', 0.2], ['response', 'rejected', 0.04]),
      status,
      '2024-06-01',
      'https://news.example/a',
    );
    expect(choices).toEqual([
      { axis: 'response', value: 'accepted', probability: 0.58, from: 'under-consideration' },
      { axis: 'progress', value: 'in-progress', probability: 0.2, from: 'not-started' },
    ]);
  });

  it('offers none when the best value is sure enough, or only one is likely', async () => {
    const status = await statusWith([backed]);
    const sure = ranked(['response', 'rejected', UNSURE_BELOW], ['response', 'accepted-in-part', 0.2]);
    expect(valueChoices(sure, status, '2024-06-01', 'https://news.example/a')).toBeUndefined();
    const alone = ranked(['response', 'rejected', 0.6], ['response', 'accepted-in-part', 0.05]);
    expect(valueChoices(alone, status, '2024-06-01', 'https://news.example/a')).toBeUndefined();
  });

  it('leaves out a value the tracker already records, and marks a choice that would only add history', async () => {
    const values = ranked(['response', 'rejected', 0.5], ['response', 'accepted', 0.3], ['progress', 'planned', 0.2]);
    const status = await statusWith([backed]);
    // Before the entry: "accepted" is recorded already, dated after the story; "rejected" would be history.
    expect(valueChoices(values, status, '2024-01-10', 'https://news.example/a')).toEqual([
      {
        axis: 'response',
        value: 'rejected',
        probability: 0.5,
        from: 'accepted',
        history: { newestDate: '2024-03-01', newestValue: 'accepted' },
      },
      { axis: 'progress', value: 'planned', probability: 0.2, from: 'not-started' },
    ]);
    // After it, "accepted" again is a newer dated entry, and nothing is history.
    const later = valueChoices(values, status, '2024-06-10', 'https://news.example/a')!;
    expect(later.map((c) => [c.value, c.history])).toEqual([
      ['rejected', undefined],
      ['accepted', undefined],
      ['planned', undefined],
    ]);
  });
});
