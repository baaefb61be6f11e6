import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { proposalFor } from '../src/proposals/proposal.ts';
import { loadRecommendationsData } from '../src/tracker/recommendations-schema.ts';
import { isStale } from '../src/tracker/status.ts';
import { Tracker } from '../src/tracker/tracker.ts';
import { dayOf, setTimeZone } from '../src/util/time-zone.ts';
import { memoryCollection } from './helpers/memory-store.ts';

afterEach(() => setTimeZone('Europe/London'));

const openTracker = async () =>
  Tracker.open(loadRecommendationsData(), await memoryCollection(), { logger: silentLogger });

// 00:30 on Tuesday 2 June 2026 in London (BST), still 1 June in UTC.
const AFTER_MIDNIGHT_BST = '2026-06-01T23:30:00.000Z';

describe('a time is dated on its day in TZ, not in UTC', () => {
  it('dates a proposal, a moderator update and an addition made at 00:30 BST on the London day', async () => {
    const tracker = await openTracker();
    const proposal = proposalFor(
      { title: 'Government scraps kinship allowance', url: 'https://e.org/a', published: AFTER_MIDNIGHT_BST },
      {
        key: 'kinship-allowance',
        axis: 'response',
        value: 'not-taken-forward',
        evidence: { phrase: 'scraps', field: 'title', sentence: 'x' },
        confidence: 0.9,
        decisionConfidence: 0.9,
        values: [{ axis: 'response', value: 'not-taken-forward', probability: 1 }],
        why: {
          cue: 'scraps',
          cueValue: { axis: 'response', value: 'not-taken-forward' },
          contributions: [],
          otherReadings: [],
        },
      },
      tracker.status('kinship-allowance')!,
    );
    const edit = await tracker.addEdit('kinship-allowance', {
      axis: 'progress',
      value: 'planned',
      summary: 'Plans set out today.',
      source: { url: 'https://www.gov.uk/x' },
      by: { id: '1', name: 'Alice' },
      at: AFTER_MIDNIGHT_BST,
    });
    const addition = await tracker.addRecommendation({
      key: 'secure-care-reform',
      title: 'Secure care reform',
      theme: 'care-market',
      proposed: 'Reform secure care for children in England.',
      source: { url: 'https://www.gov.uk/y' },
      by: { id: '1', name: 'Alice' },
      at: AFTER_MIDNIGHT_BST,
    });
    expect([proposal!.date, proposal!.sources[0]!.date, edit.date, addition.recommendation.timeline[0]!.date]).toEqual([
      '2026-06-02',
      '2026-06-02',
      '2026-06-02',
      '2026-06-02',
    ]);
  });

  it('follows the configured zone, and keeps a calendar date as given', () => {
    expect(dayOf(AFTER_MIDNIGHT_BST)).toBe('2026-06-02');
    setTimeZone('America/New_York');
    expect(dayOf('2026-06-02T02:00:00Z')).toBe('2026-06-01');
    expect(dayOf('2026-06-02')).toBe('2026-06-02');
    expect(dayOf('2026-06')).toBe('2026-06');
  });

  it('counts six months for staleness from the day in TZ', async () => {
    const tracker = await openTracker();
    const status = { ...tracker.status('kinship-allowance')!, newestEvidence: '2025-12-01' };
    // 00:30 on 1 June 2026 in London: six months back is 1 December, so evidence of that day is not stale yet.
    expect(isStale(status, new Date('2026-05-31T23:30:00Z'))).toBe(false);
    expect(isStale(status, new Date('2026-06-01T23:30:00Z'))).toBe(true);
  });
});
