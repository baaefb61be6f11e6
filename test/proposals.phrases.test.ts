import { describe, expect, it } from 'vitest';
import { decisionPhrasesSchema, loadDecisionPhrases } from '../src/proposals/decision-phrases.ts';
import { DecisionDetector } from '../src/proposals/detect-decision.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { parseYamlText } from '../src/util/yaml-file.ts';

describe('the decision phrases data file', () => {
  it('loads, with cues for every response and progress value a story can report', () => {
    const phrases = loadDecisionPhrases();
    const meanings = new Set(phrases.cues.map((c) => c.means));
    for (const value of [
      'accepted',
      'accepted-in-principle',
      'accepted-in-part',
      'under-consideration',
      'not-taken-forward',
      'rejected',
    ])
      expect(meanings, value).toContain(`response/${value}`);
    for (const value of ['planned', 'piloting', 'in-progress', 'legislated', 'implemented'])
      expect(meanings, value).toContain(`progress/${value}`);
  });

  it('names the line of each problem: a phrase listed twice, an unknown meaning, a bad date', () => {
    const yaml = `settings:
  review_published: '2023-02-30'
  hedge_window: 5
  body_sentences: 2
government: [government, ministers]
hedges:
  clause: [research]
  forward: [could]
cues:
  - name: rejects
    means: response/refused
    actor: required
    phrases: [rejects]
  - name: pilots
    means: progress/piloting
    actor: optional
    phrases: [pilot, Ministers]
`;
    let message = '';
    try {
      parseYamlText(yaml, 'decision-phrases.yaml', decisionPhrasesSchema);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('decision-phrases.yaml:2: settings.review_published: is not a real calendar date');
    expect(message).toMatch(/decision-phrases\.yaml:11: cues\.0\.means: /);
    expect(message).toContain('decision-phrases.yaml:17: cues.1.phrases.1: "Ministers" is also listed in government');
  });
});

describe('the decision detector over the data files', () => {
  it('refuses a removal recommendation that is not a recommendation key', () => {
    const phrases = { ...loadDecisionPhrases(), removal_recommendations: ['iro', 'independent-reviewing-officers'] };
    expect(() => new DecisionDetector(phrases, loadRecommendations())).toThrow(
      /removal_recommendations: "independent-reviewing-officers" is not a recommendation key/,
    );
  });
});
