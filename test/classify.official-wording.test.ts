import { describe, expect, it } from 'vitest';
import { Classifier } from '../src/classify/classifier.ts';
import { loadTaxonomy } from '../src/classify/taxonomy-schema.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';

const classifier = new Classifier(loadTaxonomy(), loadRecommendations());
const themes = (title: string, summary = '') => classifier.classify({ title, summary }).themes.map((t) => t.key);
const recs = (title: string, summary = '') => classifier.classify({ title, summary }).recommendations.map((r) => r.key);

describe('official wording', () => {
  it("files the DfE's own headline for its response to the review under system reform", () => {
    // GOV.UK, 2 Feb 2023: the headline alone scored 0.70 of the 2.00 a theme needs.
    const title = "Long-term strategy launched to fix children's social care";
    const summary =
      "Government to transform children's social care, with ambitious plans that put families at the heart of reform.";
    expect(themes(title, summary)).toContain('system-reform');
    expect(themes(title)).toContain('system-reform');
  });

  it.each([
    ['Stable Homes, Built on Love: consultation outcome'],
    ["Children's social care implementation strategy published"],
    ["Overhaul of children's social care set out in new strategy"],
    ["Government response to the consultation on children's social care reform"],
  ])('files %s under system reform', (title) => {
    expect(themes(title)).toContain('system-reform');
  });

  it('does not let official wording alone bring in a story about another service', () => {
    expect(themes('NHS publishes its workforce implementation strategy: we will train more nurses')).toEqual([]);
    expect(themes('Consultation outcome: changes to bus fares for older people')).toEqual([]);
  });
});

describe('the recommendation on harm outside the home', () => {
  it.each([
    ['Councils to get guidance on extra-familial harm', 'extra-familial-harm-response'],
    ['Child protection must change to meet harms outside the home, says panel', 'extra-familial-harm-response'],
    ['Review calls for a Child Community Safety Plan for exploited teenagers', 'extra-familial-harm-response'],
    ['County lines: child protection plans failing teenagers, councils told', 'extra-familial-harm-response'],
  ])('%s', (title, key) => {
    expect(recs(title)).toContain(key);
    expect(themes(title)).toContain('child-protection');
  });

  it('is not every story about a child protection plan', () => {
    expect(recs('Child protection plans rise for the third year')).not.toContain('extra-familial-harm-response');
  });
});
