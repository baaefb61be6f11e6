import { describe, expect, it } from 'vitest';
import { aliasParts, aliasProblem } from '../src/classify/alias-parts.ts';
import { Classifier, loadClassifier } from '../src/classify/classifier.ts';
import { loadTaxonomy } from '../src/classify/taxonomy-schema.ts';
import { ConfigError } from '../src/errors.ts';
import { parseYamlText } from '../src/util/yaml-file.ts';
import {
  loadRecommendations,
  recommendationsFileSchema,
  type Recommendation,
} from '../src/tracker/recommendations-schema.ts';

const recommendations = loadRecommendations();
const classifier = new Classifier(loadTaxonomy(), recommendations);
const recs = (title: string, summary = '') => classifier.classify({ title, summary }).recommendations.map((r) => r.key);

describe('recommendations found by the names government and the sector use', () => {
  it.each([
    ['Councils join the Families First Partnership programme', 'family-help'],
    ['Supporting Families programme rolled into the new prevention grant', 'family-help'],
    ['Best Start Family Hubs to open in every council', 'family-hubs'],
    ['Government names seven Kinship Zones', 'kinship-allowance'],
    ['Working Together 2023 published', 'cp-practice-standards'],
    ['Councils must publish a kinship local offer', 'kinship-definition-local-offer'],
  ])('%s', (title, key) => {
    expect(recs(title)).toContain(key);
  });
});

describe('recommendations found by their abbreviations', () => {
  it.each([
    ['LCPPs to lead child protection enquiries', 'expert-cp-practitioner'],
    ['RCCs to cover every region', 'regional-care-cooperatives'],
    ['Minister backs FGDM duty for every family', 'family-group-decision-making'],
    ['SUHA to rise to £3,000 for care leavers', 'setting-up-home-allowance'],
    ["The IRO's role is under threat", 'iro'],
  ])('%s', (title, key) => {
    expect(recs(title)).toContain(key);
  });
});

describe('recommendations found by the effect a headline names', () => {
  it.each([
    ['Kinship carers forced out of work', '', 'kinship-leave'],
    ['Kinship carers left to give up work when they take on a child', '', 'kinship-leave'],
    ['Kinship carers to receive financial allowance in government pilot', '', 'kinship-allowance'],
    ['Young adult care leavers more likely to be homeless, charity says', '', 'care-leaver-homelessness'],
    ['Number of fostering households falls again', '', 'foster-carer-recruitment'],
    ['Private equity profits from children’s homes', '', 'windfall-tax'],
    [
      'Children in care missing out on advocacy',
      'Most do not know they are entitled to an advocate',
      'advocacy-opt-out',
    ],
  ])('%s', (title, summary, key) => {
    expect(recs(title, summary)).toContain(key);
  });

  it('needs every part of a joined alias in the same field', () => {
    expect(recs('Kinship carers speak out', 'A report says thousands were forced out of work')).not.toContain(
      'kinship-leave',
    );
    expect(recs('Kinship carers speak out', 'Many kinship carers are forced out of work')).toContain('kinship-leave');
  });

  it('shows a joined alias as its parts, as they appeared', () => {
    const tag = classifier
      .classify({ title: 'Kinship carers forced out of work' })
      .recommendations.find((r) => r.key === 'kinship-leave')!;
    expect(tag.evidence).toContainEqual(
      expect.objectContaining({ phrase: 'Kinship + forced out', field: 'title', recommendation: 'kinship-leave' }),
    );
  });

  it('does not tag a recommendation for a wider mention of its topic', () => {
    expect(recs('Child poverty and food bank use rise, social workers say')).not.toContain('poverty-plan');
    expect(recs('Child poverty strategy unveiled')).toContain('poverty-plan');
    expect(recs('Charity supporting families of disabled children opens new centre')).not.toContain('family-help');
    expect(
      recs('Giving every child the best start in life', 'Councils set out plans for children and families'),
    ).not.toContain('family-hubs');
    expect(
      recs(
        'National advocacy service launched in Scotland',
        'Children and young people will get support at Children’s Hearings',
      ),
    ).not.toContain('advocacy-opt-out');
  });
});

describe('recommendations added while running', () => {
  const base = recommendations.find((r) => r.key === 'kinship-allowance')!;
  const added: Recommendation = {
    ...base,
    key: 'sibling-contact',
    title: 'Keep siblings in care in touch',
    theme: 'care-experience',
    aliases: ['sibling contact', 'brothers and sisters in care', 'siblings + separated'],
  };
  const withAdded = loadClassifier([...recommendations, added]);

  it('count their aliases, plain and joined', () => {
    expect(
      withAdded.classify({ title: 'Councils told to improve sibling contact' }).recommendations.map((r) => r.key),
    ).toContain('sibling-contact');
    expect(
      withAdded.classify({ title: 'Siblings separated in care, report finds' }).recommendations.map((r) => r.key),
    ).toContain('sibling-contact');
    expect(
      withAdded.classify({ title: 'Siblings separated in care, report finds' }).themes.map((t) => t.key),
    ).toContain('care-experience');
  });

  it('are unknown to a classifier built without them', () => {
    expect(classifier.classify({ title: 'Councils told to improve sibling contact' }).recommendations).toEqual([]);
  });
});

describe('the form of an alias', () => {
  it('joins parts with " + "', () => {
    expect(aliasParts('kinship + forced out of work')).toEqual(['kinship', 'forced out of work']);
    expect(aliasParts('kinship leave')).toEqual(['kinship leave']);
  });

  it('is checked when the data file is read, with its line', () => {
    expect(aliasProblem('kinship + x')).toMatch(/at least 2 characters/);
    expect(aliasProblem('kinship + Kinship')).toMatch(/repeats a part/);
    const yaml = [
      'recommendations:',
      '- key: kinship-leave',
      '  title: Employment leave for kinship carers',
      '  theme: kinship-care',
      '  aliases:',
      '  - kinship leave',
      '  - kinship + x',
      '  proposed: Leave for kinship carers.',
      '  review_ref: Chapter 4',
      '  confidence: medium',
      '  timeline:',
      '  - {date: 2023-02-02, axis: response, value: accepted, summary: Accepted., source: {title: Source, url: "https://example.org/"}}',
    ].join('\n');
    const read = () => parseYamlText(yaml, 'recommendations.yaml', recommendationsFileSchema);
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/recommendations\.yaml:7:.*each part joined by " \+ " needs at least 2 characters/);
  });
});
