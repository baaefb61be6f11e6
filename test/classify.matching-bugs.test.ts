import { describe, expect, it } from 'vitest';
import { Classifier } from '../src/classify/classifier.ts';
import { loadTaxonomy, type Taxonomy } from '../src/classify/taxonomy-schema.ts';
import { loadRecommendations, type Recommendation } from '../src/tracker/recommendations-schema.ts';

const classifier = new Classifier(loadTaxonomy(), loadRecommendations());
const recs = (title: string) => classifier.classify({ title }).recommendations.map((t) => t.key);
const themes = (title: string) => classifier.classify({ title }).themes.map((t) => t.key);

describe('possessive acronyms', () => {
  it("finds an acronym followed by 's or s'", () => {
    expect(recs("The IRO's role is under threat")).toContain('iro');
    expect(recs("IROs' caseloads rise as councils cut posts")).toContain('iro');
    expect(themes("SGO's rise again")).toContain('kinship-care');
  });

  it('still keeps acronyms case-sensitive', () => {
    expect(recs("The iro's role is under threat")).not.toContain('iro');
  });
});

describe('a phrase that is both a taxonomy phrase and an alias', () => {
  // "kinship network" weighs 1 (weak) in the taxonomy and 3 as an alias: the higher weight must count,
  // and the evidence shown must carry the weight that was counted.
  const taxonomy = loadTaxonomy();
  const custom: Taxonomy = structuredClone(taxonomy);
  custom.themes['kinship-care'].weak = ['kinship network', ...custom.themes['kinship-care'].weak];
  const base = loadRecommendations().find((r) => r.key === 'kinship-allowance')!;
  const rec: Recommendation = { ...base, aliases: ['kinship network'] };
  const scored = new Classifier(custom, [rec]).classify({ title: 'Kinship network grows' });

  it('scores it with its highest weight', () => {
    const theme = scored.themes.find((t) => t.key === 'kinship-care');
    expect(theme?.score).toBe(3 * taxonomy.settings.field_weights.title);
  });

  it('shows the weight it was scored with', () => {
    const theme = scored.themes.find((t) => t.key === 'kinship-care')!;
    const shown = theme.evidence.reduce((sum, e) => sum + e.weight * taxonomy.settings.field_weights[e.field], 0);
    expect(shown).toBe(theme.score);
  });
});
