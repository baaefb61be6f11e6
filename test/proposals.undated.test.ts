import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { loadDecisionPhrases } from '../src/proposals/decision-phrases.ts';
import { DecisionDetector } from '../src/proposals/detect-decision.ts';
import { proposalLines } from '../src/proposals/proposal-lines.ts';
import type { StoredProposal } from '../src/proposals/proposal-store.ts';
import { proposeFromStory } from '../src/proposals/propose-from-story.ts';
import type { ProposalStory } from '../src/proposals/proposal.ts';
import { openStore } from '../src/store/open-store.ts';
import { loadRecommendations, type Recommendation } from '../src/tracker/recommendations-schema.ts';
import { Tracker, type ModeratorEdit, type RecommendationStatus } from '../src/tracker/tracker.ts';

const recommendations = loadRecommendations();
const detector = new DecisionDetector(loadDecisionPhrases(), recommendations);
const source = { title: 'A source', url: 'https://example.org/source' };

async function statusWith(key: string, timeline: Recommendation['timeline']): Promise<RecommendationStatus> {
  const rec = { ...recommendations.find((r) => r.key === key)!, timeline };
  const tracker = await Tracker.open(
    [rec],
    (await openStore(`memory:${randomUUID()}`, silentLogger)).collection<ModeratorEdit[]>('tracker'),
  );
  return tracker.status(key)!;
}

// The tracker already records that kinship leave was not taken forward, in 2023. A page whose source
// gives no date, fetched in 2024, tells the same decision: it gives no newer date for it.
describe('an undated story telling a decision the tracker already records', () => {
  it('proposes nothing, rather than the same value as "a newer dated entry" dated the day it was fetched', async () => {
    const status = await statusWith('kinship-leave', [
      {
        date: '2023-05-01',
        axis: 'response',
        value: 'not-taken-forward',
        summary: 'Ministers drop kinship leave.',
        source,
      },
    ]);
    const story: ProposalStory = {
      title: 'Government scraps plan for kinship leave',
      summary:
        'Ministers have dropped plans to give kinship carers paid leave from work. A charity said it was a blow.',
      url: 'https://www.gov.uk/guidance/kinship-leave-undated',
      published: '2024-03-05T10:00:00Z',
      dateKnown: false,
    };
    const proposals = proposeFromStory(detector, story, ['kinship-leave'], () => status);
    const shown = proposals.map((p) => proposalLines({ ...p, state: 'pending' } as StoredProposal).join('\n'));
    expect(shown).toEqual([]);
  });

  it('still proposes a value the tracker does not hold, flagged as undated', async () => {
    const status = await statusWith('kinship-leave', [
      {
        date: '2023-05-01',
        axis: 'response',
        value: 'under-consideration',
        summary: 'Ministers consider kinship leave.',
        source,
      },
    ]);
    const story: ProposalStory = {
      title: 'Government scraps plan for kinship leave',
      summary:
        'Ministers have dropped plans to give kinship carers paid leave from work. A charity said it was a blow.',
      url: 'https://www.gov.uk/guidance/kinship-leave-undated',
      published: '2024-03-05T10:00:00Z',
      dateKnown: false,
    };
    const proposals = proposeFromStory(detector, story, ['kinship-leave'], () => status);
    const shown = proposals.map((p) => proposalLines({ ...p, state: 'pending' } as StoredProposal).join('\n'));
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('Response: under consideration → not taken forward');
    expect(shown[0]).toContain('the source gives no date');
  });
});
