import { afterAll, describe, expect, it } from 'vitest';
import { Classifier } from '../src/classify/classifier.ts';
import { formatExplanation } from '../src/classify/explain-text.ts';
import { loadTaxonomy } from '../src/classify/taxonomy-schema.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const taxonomy = loadTaxonomy();
const classifier = new Classifier(taxonomy, loadRecommendations());

describe('explain', () => {
  const text = {
    title: 'Kinship carers forced out of work',
    summary: 'Thousands of kinship carers give up their jobs, and the council funding gap grows',
  };
  const explanation = classifier.explain(text);

  it('files the story exactly as classify does', () => {
    expect(explanation.classification).toEqual(classifier.classify(text));
  });

  it('lists every phrase matched, with its field and what it counted for', () => {
    expect(explanation.matches).toContainEqual({
      phrase: 'Kinship carers',
      field: 'title',
      counts: ['kinship-care +3'],
    });
    expect(explanation.matches).toContainEqual({
      phrase: 'Kinship + forced out',
      field: 'title',
      counts: ['joined alias of kinship-leave (kinship-care) +3'],
    });
    expect(explanation.matches).toContainEqual({
      phrase: 'funding gap',
      field: 'summary',
      counts: ['poverty-funding +3 (shared)'],
    });
  });

  it("shows each theme's and recommendation's score against what it needed", () => {
    const kinship = explanation.themes.find((t) => t.key === 'kinship-care')!;
    expect(kinship).toMatchObject({ kept: true, threshold: taxonomy.settings.theme_threshold });
    expect(kinship.score).toBeGreaterThan(kinship.threshold);
    const poverty = explanation.themes.find((t) => t.key === 'poverty-funding')!;
    expect(poverty).toMatchObject({ kept: false, reason: expect.stringMatching(/of the leading theme's score/) });
    expect(poverty.threshold).toBeGreaterThan(poverty.score);
    expect(explanation.recommendations.find((r) => r.key === 'kinship-leave')).toMatchObject({
      kept: true,
      threshold: taxonomy.settings.recommendation_threshold,
    });
  });

  it("gives the context gate's verdict and the phrases behind it", () => {
    expect(explanation.context.verdict).toBe('care-system');
    expect(explanation.contextSummary).toMatch(/^about children's social care: 'Kinship carers'/);
  });

  it('reads as plain text for a terminal', () => {
    const lines = formatExplanation(explanation).split('\n');
    expect(lines[0]).toBe('Filed under kinship-care, recommendation kinship-leave');
    expect(lines[1]).toMatch(/^Context gate: In: about children's social care/);
    expect(lines).toContain("  'Kinship carers' in the title: kinship-care +3");
    expect(lines).toContain(
      "  poverty-funding 2.10 of 3.00 needed, not kept: below 0.4 of the leading theme's score ('funding gap' summary +3 shared)",
    );
    expect(
      lines.some((l) => /^ {2}kinship-leave [\d.]+ of 2\.00 needed, kept \('Kinship \+ forced out' title \+3/.test(l)),
    ).toBe(true);
  });

  it('explains a story that was kept out', () => {
    const out = formatExplanation(
      classifier.explain({ title: 'Nurses vote for strike action', summary: 'The RCN rejected the pay offer' }),
    );
    expect(out).toMatch(
      /^Not filed under the review\nContext gate: Out: a story about another service: health \('Nurses', 'RCN'\)/,
    );
    expect(out).toMatch(/workforce [\d.]+ of 2\.00 needed, not kept: the context gate kept the story out/);
  });
});

describe('the command line', () => {
  const dir = tempDir();
  const env = { STORE_URL: `sqlite://${dir.file('bot.sqlite')}` };
  afterAll(() => dir.remove());

  it('explain prints why a headline would be filed', async () => {
    const result = await runCli(
      ['explain', "The IRO's role is under threat", 'Councils consider cutting independent reviewing officers'],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Filed under advocacy-iro, recommendation iro\n/);
    expect(result.stdout).toContain("'IRO's' in the title: advocacy-iro +3; alias of iro (advocacy-iro) +3");
  });
});
