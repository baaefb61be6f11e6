import { describe, expect, it } from 'vitest';
import { buildDigest } from '../src/digest/build-digest.ts';
import { resolvePeriod } from '../src/digest/period.ts';
import { digestText } from '../src/digest/render-digest.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { computeStatus, type DatedEntry } from '../src/tracker/status.ts';
import { SOURCES } from './helpers/digest-data.ts';

const recommendations = loadRecommendations();
const iro = recommendations.find((r) => r.key === 'iro')!;
const by = { id: '190000000000000001', name: 'Alice' };

/** The digest text of [since, until] with moderators' edits on iro. */
function digestOf(since: string, until: string, iroEdits: DatedEntry[] = []): string {
  const statuses = recommendations.map((r) => computeStatus(r, r.key === 'iro' ? iroEdits : []));
  const period = resolvePeriod({ kind: 'range', since, until }, new Date(`${until}T20:00:00Z`));
  return digestText(buildDigest({ period, items: [], comments: [], statuses, sources: SOURCES }));
}

const lineOf = (text: string, title: string) => text.split('\n').find((l) => l.startsWith(title));

describe('the status changes of a digest, read as the tracker reads them', () => {
  it('says progress made while a recommendation stood turned down was on what was done instead', () => {
    // Royal Assent, 29 Apr 2026: the windfall tax was not taken forward; what became law was something else.
    const text = digestOf('2026-04-27', '2026-05-03');
    expect(lineOf(text, 'Windfall tax')).toContain('· Progress on what was done instead: Legislated · Wed 29 Apr');
  });

  it('names the other reading of its day for an update recorded late, and gives the old date its year', () => {
    const late: DatedEntry = {
      date: '2023-02-02',
      axis: 'response',
      value: 'accepted-in-part',
      summary: 'Stable Homes keeps part of the IRO role, says a DfE letter.',
      source: { title: 'DfE letter on IROs (GOV.UK)', url: 'https://www.gov.uk/iro-letter' },
      edit: { id: 'e1', by, at: '2026-06-03T10:00:00.000Z' },
    };
    expect(lineOf(digestOf('2023-01-30', '2023-02-05', [late]), iro.title)).toContain(
      'Response: Accepted in part · Thu 2 Feb (another source reads it as rejected)',
    );
    expect(lineOf(digestOf('2026-06-01', '2026-06-07', [late]), iro.title)).toContain(
      'Response: Accepted in part · 2 Feb 2023 (another source reads it as rejected)',
    );
  });

  it('lists nothing for a day whose reading that stands is "not started", as the tracker shows', () => {
    const source = { title: 'IRO update (GOV.UK)', url: 'https://www.gov.uk/iro-update' };
    const edits: DatedEntry[] = [
      {
        date: '2026-06-03',
        axis: 'progress',
        value: 'in-progress',
        summary: 'DfE starts work on IROs.',
        source,
        edit: { id: 'e1', by, at: '2026-06-03T10:00:00.000Z' },
      },
      {
        date: '2026-06-03',
        axis: 'progress',
        value: 'not-started',
        summary: 'Recorded in error above: nothing has started.',
        source,
        edit: { id: 'e2', by, at: '2026-06-03T10:10:00.000Z' },
      },
    ];
    const text = digestOf('2026-06-01', '2026-06-07', edits);
    expect(text).not.toContain('DfE starts work on IROs.');
    expect(lineOf(text, iro.title)).toBeUndefined();
  });

  it('does not say "another source" when the other reading cites the same source', () => {
    const fileEntry = iro.timeline.find((e) => e.date === '2023-02-02' && e.axis === 'response')!;
    const sameSource: DatedEntry = {
      date: '2023-02-02',
      axis: 'response',
      value: 'accepted-in-part',
      summary: 'On a second reading, Stable Homes keeps part of the IRO role.',
      source: fileEntry.source,
      edit: { id: 'e1', by, at: '2026-06-03T10:00:00.000Z' },
    };
    const line = lineOf(digestOf('2023-01-30', '2023-02-05', [sameSource]), iro.title);
    expect(line).toContain('(another entry citing the same source reads it as rejected)');
    expect(line).not.toContain('another source');
  });
});
