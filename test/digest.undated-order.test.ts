import { describe, expect, it } from 'vitest';
import { buildDigest } from '../src/digest/build-digest.ts';
import { resolvePeriod } from '../src/digest/period.ts';
import { digestText } from '../src/digest/render-digest.ts';
import { newsItem, SOURCES } from './helpers/digest-data.ts';

const now = new Date('2026-11-23T12:00:00Z');
const dated = newsItem({
  title: 'Kinship carers to get allowance in pilot, government announces',
  published: '2026-11-20T09:00:00Z',
  firstSeen: '2026-11-20T09:30:00Z',
});
const undated = newsItem({
  title: 'Councils say the kinship allowance pilot leaves special guardians waiting',
  url: 'https://www.communitycare.co.uk/news/kinship-allowance-councils/',
  published: '2026-11-23T11:00:00Z',
  publishedKnown: false,
  firstSeen: '2026-11-23T11:00:00Z',
});

describe('an undated story in a digest', () => {
  it('is listed after the dated stories of its theme, as /items lists it, not as the newest', () => {
    const digest = buildDigest({
      period: resolvePeriod({ kind: 'last-days', days: 14 }, now),
      items: [dated, undated],
      comments: [],
      statuses: [],
      sources: SOURCES,
    });
    const text = digestText(digest);
    const datedAt = text.indexOf('Kinship carers to get allowance');
    const undatedAt = text.indexOf('Councils say the kinship allowance');
    expect(datedAt).toBeGreaterThan(-1);
    expect(undatedAt).toBeGreaterThan(-1);
    expect(datedAt).toBeLessThan(undatedAt);
  });
});

describe('a story told by a dated and an undated outlet', () => {
  it('is headed by the telling whose source dated it, so the story reads with its date', () => {
    const title = 'Kinship carers to get allowance in pilot, government announces';
    const summary = 'Kinship carers in ten council areas will get a weekly allowance under a government pilot.';
    // The undated copy was fetched an hour before the dated report's publication time.
    const undatedCopy = newsItem({
      title,
      summary,
      sourceId: 'psw-basw',
      published: '2026-11-23T09:00:00Z',
      publishedKnown: false,
      firstSeen: '2026-11-23T09:00:00Z',
    });
    const datedReport = newsItem({ title, summary, published: '2026-11-23T10:00:00Z' });
    const digest = buildDigest({
      period: resolvePeriod({ kind: 'this-week' }, now),
      items: [datedReport, undatedCopy],
      comments: [],
      statuses: [],
      sources: SOURCES,
    });
    const stories = digest.news.flatMap((s) => s.stories);
    expect(stories).toHaveLength(1);
    const text = digestText(digest);
    const headLine = text.split('\n').find((line) => line.includes(title.slice(0, 30)))!;
    expect(headLine).toContain('Mon 23 Nov');
    expect(headLine).not.toContain('undated');
  });
});
