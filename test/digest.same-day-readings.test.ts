import { describe, expect, it } from 'vitest';
import { buildDigest } from '../src/digest/build-digest.ts';
import { resolvePeriod } from '../src/digest/period.ts';
import { digestText } from '../src/digest/render-digest.ts';
import { loadRecommendations, type Recommendation } from '../src/tracker/recommendations-schema.ts';
import { computeStatus } from '../src/tracker/status.ts';
import { SOURCES } from './helpers/digest-data.ts';

// The week the review was published, as the tracker (with its corrections) gives it to the digest.
const reviewWeek = resolvePeriod(
  { kind: 'range', since: '2022-05-23', until: '2022-05-29' },
  new Date('2022-06-01T09:00:00Z'),
);
const digestOf = (recommendations: Recommendation[]) =>
  buildDigest({
    period: reviewWeek,
    items: [],
    comments: [],
    statuses: recommendations.map((r) => computeStatus(r, [])),
    sources: SOURCES,
  });

describe('status changes in a digest, when the data holds more than one reading of a day', () => {
  const recommendations = loadRecommendations();

  it('lists a recommendation once per day and axis, naming the other reading beside the one that stands', () => {
    const digest = digestOf(recommendations);
    const framework = digest.statusChanges.filter((c) => c.recommendation.key === 'national-framework');
    expect(framework.map((c) => [c.date, c.axis, c.label])).toEqual([['2022-05-23', 'response', 'Accepted']]);
    const text = digestText(digest);
    const frameworkLines = text
      .split('\n')
      .filter((line) => line.startsWith("National children's social care framework ·"));
    expect(frameworkLines).toHaveLength(1);
    expect(text).toMatch(/Response: Accepted · Mon 23 May[^\n]*another source reads it as accepted in principle/);
  });

  it('never lists an entry that a later entry of the data file corrects', () => {
    const base = recommendations.find((r) => r.key === 'iro')!;
    const source = { title: 'Letter', url: 'https://www.gov.uk/letter' };
    const corrected: Recommendation = {
      ...base,
      timeline: [
        { date: '2022-05-24', axis: 'response', value: 'accepted-in-part', summary: 'Misread.', source },
        {
          date: '2022-05-24',
          axis: 'response',
          value: 'rejected',
          summary: 'Corrects the misreading.',
          source,
          corrects: { date: '2022-05-24', value: 'accepted-in-part' },
        },
      ],
    };
    const changes = digestOf([corrected]).statusChanges;
    expect(changes.map((c) => [c.date, c.label, c.summary])).toEqual([
      ['2022-05-24', 'Rejected', 'Corrects the misreading.'],
    ]);
    expect(digestText(digestOf([corrected]))).not.toContain('another source reads it');
  });
});
