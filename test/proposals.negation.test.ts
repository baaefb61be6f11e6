import { describe, expect, it } from 'vitest';
import { loadDecisionPhrases } from '../src/proposals/decision-phrases.ts';
import { DecisionDetector } from '../src/proposals/detect-decision.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { newsItem } from './helpers/digest-data.ts';
import { proposalHarness } from './helpers/proposal-harness.ts';

const detector = new DecisionDetector(loadDecisionPhrases(), loadRecommendations());

/** "axis/value" the story reports for the key, or "none". */
function reading(key: string, title: string, summary = ''): string {
  const decision = detector.detect({ title, summary, published: '2026-11-20' }, [key])[0];
  return decision ? `${decision.axis}/${decision.value}` : 'none';
}

describe('denied, refused and reversed wording', () => {
  it('proposes nothing, through a whole poll, for headlines that report no decision or the opposite of one', async () => {
    const headlines = [
      'Ministers have not ruled out a national pay scale for children’s social workers',
      'Minister says government did not rule out national pay scale for social workers',
      'Government refuses to rule out scrapping independent reviewing officers',
      'Government never agreed to introduce kinship allowance, minister says',
      'Kinship carers allowance: government has not committed to a national scheme',
      'Regional care co-operatives will not be scrapped, DfE says',
      'Government is not going to pilot regional care co-operatives, minister confirms',
      'Government backs away from national pay scale for social workers',
    ];
    const h = await proposalHarness();
    const stories = headlines.map((title, i) =>
      newsItem({ title, published: `2026-11-${String(10 + i).padStart(2, '0')}T10:00:00Z` }),
    );
    // Each is tagged, so it is the detector, not the classifier, that must find nothing.
    for (const story of stories) expect(story.classification?.recommendations.length, story.title).toBeGreaterThan(0);
    await h.propose(stories);
    const made = await h.proposals.all();
    expect(made.map((p) => `${p.key} ${p.axis}/${p.value}`)).toEqual([]);
  });

  it.each([
    ['national-pay-scale', 'Government has not accepted the care review recommendation on a national pay scale'],
    ['kinship-allowance', 'No decision yet on kinship allowance as government delays response'],
    ['kinship-allowance', 'DfE denies it has scrapped plans for a kinship care allowance'],
    ['kinship-allowance', 'Ministers yet to decide whether to pilot kinship allowance'],
    ['kinship-leave', 'Ministers stop short of a pledge to introduce kinship leave'],
    ['family-hubs', 'Family hubs will not be rolled out to every council this year'],
  ])('%s: “%s” reports nothing', (key, title) => {
    expect(reading(key, title)).toBe('none');
  });

  it('reads a removal recommendation kept as rejected, whether ruled out or denied', () => {
    expect(reading('iro', 'Independent reviewing officers will not be scrapped, DfE says')).toBe('response/rejected');
    expect(reading('iro', 'Government rules out scrapping IROs')).toBe('response/rejected');
    // Ruling out the end of something the review wants created is no decision on it.
    expect(reading('kinship-allowance', 'Government rules out scrapping the kinship allowance pilot')).toBe('none');
  });

  it('still reads plain refusals and reversals', () => {
    expect(reading('national-pay-scale', 'Government rules out national pay scale for social workers')).toBe(
      'response/rejected',
    );
    expect(reading('kinship-leave', 'Government will not introduce kinship leave, minister confirms')).toBe(
      'response/rejected',
    );
    expect(reading('regional-care-cooperatives', 'Regional care co-operatives will not go ahead, DfE confirms')).toBe(
      'response/not-taken-forward',
    );
  });
});
