import { describe, expect, it } from 'vitest';
import { loadDecisionPhrases } from '../src/proposals/decision-phrases.ts';
import { DecisionDetector } from '../src/proposals/detect-decision.ts';
import { inOffice } from '../src/proposals/read-decisions.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';

const phrases = loadDecisionPhrases();
const detector = new DecisionDetector(phrases, loadRecommendations());

/** "axis/value" the story reports for the key, or "none". */
function reading(key: string, title: string, summary = '', published: string | null = '2025-03-01'): string {
  const decision = detector.detect({ title, summary, published }, [key])[0];
  return decision ? `${decision.axis}/${decision.value}` : 'none';
}

/** Why nothing was read: the story's gate, or the reasons each cue was set aside. */
function whyNot(key: string, title: string, summary = '', published: string | null = '2025-03-01'): string {
  const explained = detector.explain({ title, summary, published }, [key]);
  return explained.gate ?? explained.setAside.map((s) => `'${s.phrase}': ${s.why}`).join('; ');
}

describe('modality: what is done, planned, agreed, or only hoped for', () => {
  it('reads what is set to happen as decided, and speculation as nothing', () => {
    expect(reading('family-hubs', 'Family hubs set to be rolled out to 75 more council areas')).toBe(
      'progress/in-progress',
    );
    expect(reading('kinship-allowance', 'Kinship allowance pilot expected to be announced next month')).toBe('none');
    expect(reading('kinship-allowance', 'Ministers likely to pilot kinship allowance')).toBe('none');
    expect(reading('national-pay-scale', 'Government urged to introduce national pay scale')).toBe('none');
  });

  it('reads what was agreed or planned by what follows it, and what a removal acts on as its object', () => {
    expect(reading('kinship-allowance', 'Government agrees to pilot a kinship allowance')).toBe('progress/piloting');
    expect(reading('kinship-allowance', 'Government plans to pilot a kinship allowance')).toBe('progress/piloting');
    expect(reading('kinship-allowance', 'Government scraps kinship allowance pilot')).toBe(
      'response/not-taken-forward',
    );
  });

  it('reads the removal of a barrier as action, and how far it has got when the sentence says', () => {
    expect(reading('poverty-plan', 'Government scraps two-child limit', '', '2025-11-27')).toBe('progress/in-progress');
    expect(reading('care-leaver-homelessness', 'Local connection test scrapped for care leavers from today')).toBe(
      'progress/implemented',
    );
  });

  it('reads a passive headline as government’s doing, and a participle describing a noun as nothing', () => {
    expect(reading('care-leaver-health', 'Care leavers given free health services', '', '2026-01-13')).toBe(
      'progress/in-progress',
    );
    expect(
      whyNot(
        'foster-carer-recruitment',
        'Councils join forces on fostering',
        'It runs as a government-funded programme.',
      ),
    ).toContain("'funded': describes something named after it");
  });
});

describe('actors: government, councils, the review, campaigners, committees, parties', () => {
  it('reads who reacts as not who acted, and finds who did in the standfirst', () => {
    expect(
      reading(
        'poverty-plan',
        'Campaigners hail decision to scrap two-child benefit cap',
        'Chancellor Rachel Reeves confirmed the change in the Budget.',
        '2025-11-27',
      ),
    ).toBe('progress/in-progress');
    expect(reading('poverty-plan', 'Campaigners demand decision to scrap two-child benefit cap')).toBe('none');
  });

  it('reads councils named to pilot or given money as who receives, and a council’s own scheme as its own', () => {
    expect(reading('kinship-allowance', 'Ten councils to pilot kinship allowance')).toBe('progress/piloting');
    expect(reading('family-help', 'Councils handed £45m to roll out family help')).toBe('progress/in-progress');
    expect(reading('family-hubs', 'Council pilots its own family hub model')).toBe('none');
    expect(whyNot('family-hubs', 'Council pilots its own family hub model')).toContain('done by a local body');
  });

  it('reads the review, committees and campaigners as third parties', () => {
    expect(reading('iro', 'Care review recommends scrapping independent reviewing officers')).toBe('none');
    expect(reading('national-pay-scale', 'Education committee backs national pay scale for social workers')).toBe(
      'none',
    );
    expect(reading('kinship-allowance', 'Campaigners back a kinship allowance')).toBe('none');
  });

  it('reads who is named as saying it after the words, whoever it is', () => {
    const story = (said: string) =>
      reading(
        'care-leaver-homelessness',
        'Care leavers to get housing help',
        `Care leavers will be exempted from the local connection test, ${said}.`,
      );
    expect(story('the government has announced')).toBe('response/accepted');
    expect(story('a council has said')).toBe('none');
  });

  it('reads a party as government only while it is in office, by the story’s date', () => {
    expect(reading('kinship-allowance', 'Labour commits to a kinship allowance', '', '2025-03-01')).toBe(
      'response/accepted',
    );
    expect(reading('kinship-allowance', 'Labour commits to a kinship allowance', '', '2023-03-01')).toBe('none');
    expect(reading('kinship-allowance', 'Labour commits to a kinship allowance', '', null)).toBe('none');
    const labour = phrases.parties.find((p) => p.names.includes('Labour'))!;
    expect([inOffice(labour, '2024-07-05'), inOffice(labour, '2024-07-04'), inOffice(labour, '2024')]).toEqual([
      true,
      false,
      undefined,
    ]);
  });
});

describe('time: a decision before the review is not a response to it', () => {
  it('reads nothing in a story published before the review', () => {
    expect(whyNot('national-pay-scale', 'Government rules out national pay scale', '', '2021-06-01')).toMatch(
      /^published 2021-06-01, before the review/,
    );
    // A year alone is compared as a year: 2022 may be after May.
    expect(reading('national-pay-scale', 'Government rules out national pay scale', '', '2022')).toBe(
      'response/rejected',
    );
  });

  it('reads nothing in a sentence that dates its news before the review, or an undated story of old years', () => {
    expect(
      reading(
        'staying-put-close-23',
        'Staying Put: what the money did',
        'In 2019 the government announced £19m for Staying Put and Staying Close.',
      ),
    ).toBe('none');
    expect(
      whyNot('staying-put-close-23', 'Government announces £22m Staying Put funding', 'First promised in 2014.', null),
    ).toBe('undated, and it names only years before the review (2014)');
  });

  it('does not take an Act’s year for the date of the news', () => {
    expect(
      reading(
        'corporate-parenting-extension',
        'Government confirms it will introduce corporate parenting duties under the Children Act 1989',
      ),
    ).toBe('response/accepted');
  });
});

describe('what a detection says about itself', () => {
  it('carries its evidence, who acted, what the model weighed, its confidence and its likely values', () => {
    const [decision] = detector.detect(
      {
        title: 'Government scraps plan to pay kinship carers an allowance',
        summary: 'Ministers dropped plans for a national allowance, the DfE confirmed.',
        published: '2025-03-01',
      },
      ['kinship-allowance'],
    );
    expect(decision).toMatchObject({
      axis: 'response',
      value: 'not-taken-forward',
      evidence: { phrase: 'scraps plan', field: 'title' },
      why: { cue: 'drops-the-plan', actor: { kind: 'government', text: 'Government', from: 'clause' } },
    });
    expect(decision!.confidence).toBeGreaterThanOrEqual(detector.threshold);
    expect(decision!.confidence).toBeLessThanOrEqual(decision!.decisionConfidence);
    expect(decision!.values[0]).toMatchObject({ axis: 'response', value: 'not-taken-forward' });
    expect(decision!.why.contributions.map((c) => c.feature)).toEqual(
      expect.arrayContaining(['bias', 'strong-cue', 'in-headline', 'government']),
    );
    expect(decision!.why.otherReadings.map((r) => r.phrase)).toContain('dropped plans');
  });
});
