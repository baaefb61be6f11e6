import { describe, expect, it } from 'vitest';
import { Classifier, type Classification } from '../src/classify/classifier.ts';
import { describeTags } from '../src/classify/classify-item.ts';
import { loadTaxonomy } from '../src/classify/taxonomy-schema.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';

const classifier = new Classifier(loadTaxonomy(), loadRecommendations());
const classify = (title: string, summary = '', body = '') => classifier.classify({ title, summary, body });
const themes = (c: Classification) => c.themes.map((t) => t.key);
const recs = (c: Classification) => c.recommendations.map((t) => t.key);

describe('word forms and boundaries', () => {
  it('finds IROs in every form, and never in "iron" or a lower-case "iro"', () => {
    for (const text of [
      'Future of the IRO role debated',
      'IROs warn of rising caseloads',
      'Independent reviewing officers to stay',
      "The independent reviewing officer's report",
    ]) {
      expect(recs(classify(text)), text).toContain('iro');
      expect(themes(classify(text)), text).toContain('advocacy-iro');
    }
    expect(recs(classify('Iron deficiency in children rising, say paediatricians'))).not.toContain('iro');
    expect(recs(classify('Council appoints new director', 'the ciro of the trust said'))).toEqual([]);
  });

  it('does not read the Environment Agency as agency social work', () => {
    const c = classify(
      'Environment Agency staff to strike over pay',
      'Environment Agency workers walk out over a pay offer',
    );
    expect(recs(c)).not.toContain('agency-staff-rules');
    expect(recs(classify('Agency staff costs soar in children’s services'))).toContain('agency-staff-rules');
  });

  it('does not read a carer as a care leaver', () => {
    const c = classify('Foster carers face rising costs', 'Carers say allowances have not kept up');
    expect(themes(c)).toContain('fostering');
    expect(themes(c)).not.toContain('care-experience');
    expect(themes(classify('Care leavers to get priority for social housing'))).toContain('care-experience');
  });

  it('matches hyphenated and joined spellings alike', () => {
    expect(recs(classify('First regional care co-operatives named'))).toContain('regional-care-cooperatives');
    expect(recs(classify('First regional care cooperatives named'))).toContain('regional-care-cooperatives');
  });
});

describe('context', () => {
  it('leaves adult social care and the Mental Health Act out of the review', () => {
    for (const [title, summary] of [
      ['Mental Health Act detentions hit record levels', 'Use of community treatment orders rose by 10%'],
      ['Councils face adult social care workforce crisis', 'ADASS warns of vacancies and waiting lists for home care'],
      [
        'Social workers oppose delays to Liberty Protection Safeguards',
        'BASW writes to the minister for social care about LPS',
      ],
    ]) {
      expect(classify(title!, summary).aboutReform, title).toBe(false);
      const { context } = classifier.explain({ title, summary });
      expect(context.verdict, title).toBe('near-domain');
      expect(Object.keys(context.nearDomains).join(), title).toMatch(/adult/);
    }
  });

  it('keeps a mental health story that is about children', () => {
    const c = classify(
      'Children in care wait longest for mental health support',
      'Looked after children face long waits, says report on the Mental Health Act',
    );
    expect(c.aboutReform).toBe(true);
    expect(themes(c)).toContain('care-experience');
  });

  it('weighs the title over the summary over the body', () => {
    const inTitle = classify('Kinship carers left without support');
    const inSummary = classify('Councils publish new plans', 'Kinship carers left without support');
    const inBody = classify('Councils publish new plans', '', 'Kinship carers left without support');
    const score = (c: Classification) => c.themes.find((t) => t.key === 'kinship-care')?.score ?? 0;
    expect(score(inTitle)).toBeGreaterThan(score(inSummary));
    expect(score(inSummary)).toBeGreaterThan(score(inBody));
    expect(inBody.aboutReform).toBe(false);
  });

  it('does not file a story under system reform just because it mentions the review in passing', () => {
    const c = classify(
      'Independent reviewing officers – do they have a future?',
      'England’s Independent Review of Children’s Social Care recommends they are abolished.',
    );
    expect(themes(c)).toEqual(['advocacy-iro']);
    expect(
      themes(
        classify('Care review publishes final report', 'Josh MacAlister calls for a reset of children’s social care'),
      ),
    ).toContain('system-reform');
  });
});

describe('each theme has signals that work', () => {
  const cases: Array<[string, string, string]> = [
    [
      'family-help',
      'Early help services stretched as demand rises',
      'Councils struggle to offer family support before crisis',
    ],
    ['child-protection', 'Child protection plans at record high', 'Section 47 enquiries rose by 8%'],
    ['kinship-care', 'Special guardians call for equal support', 'Special guardianship orders rose again'],
    ['fostering', 'Fostering services struggle to keep carers', 'Foster carers leaving faster than recruited'],
    ['care-market', "Children's homes profits under scrutiny", 'Private providers made high margins on placements'],
    ['care-experience', 'Care leavers face housing crisis', 'Young people leaving care are at risk of homelessness'],
    ['workforce', 'Social worker vacancies hit new high', 'Caseloads rising as councils rely on locum staff'],
    [
      'advocacy-iro',
      'Advocacy services for children in care to be reviewed',
      'Independent advocacy standards consulted on',
    ],
    [
      'data-technology',
      'Council replaces case management system',
      'New software to cut social workers’ recording time',
    ],
    [
      'system-reform',
      "Government publishes children's social care reform plan",
      'Stable Homes, Built on Love sets out the response to the care review',
    ],
    ['poverty-funding', "Councils overspend on children's services", 'Funding gap grows as demand rises, LGA says'],
    ['disabled-children', 'Disabled children miss out on short breaks', 'Parent carers say support has been cut'],
  ];
  it.each(cases)('%s', (theme, title, summary) => {
    const c = classify(title, summary);
    expect(themes(c)).toContain(theme);
    expect(c.aboutReform).toBe(true);
  });
});

describe('evidence', () => {
  it('says which phrase earned each tag and in which field', () => {
    const c = classify(
      'Special guardianship allowance to be piloted',
      'Kinship carers in seven areas will get an allowance',
    );
    const kinship = c.themes.find((t) => t.key === 'kinship-care')!;
    expect(kinship.evidence).toContainEqual(
      expect.objectContaining({
        phrase: 'Special guardianship allowance',
        field: 'title',
        recommendation: 'kinship-allowance',
      }),
    );
    expect(describeTags(c)[0]).toBe(
      "tagged kinship-care: 'Special guardianship allowance' (title), 'Kinship carers' (summary), 'Kinship + allowance' (summary)",
    );
  });

  it('is the same every time for the same text', () => {
    const text = ['Agency social work price caps delayed', 'Regional limits on locum pay will start later'] as const;
    expect(classify(...text)).toEqual(classify(...text));
  });

  it('classifies reader comments, which have no title, the same way', () => {
    const c = classifier.classify({
      summary: 'The removal of the IRO for an opt out advocacy option is frankly terrifying',
    });
    expect(recs(c)).toEqual(expect.arrayContaining(['iro', 'advocacy-opt-out']));
  });
});

describe('reclassifyAll', () => {
  it('returns only the items whose tags changed, with their new tags', async () => {
    const { reclassifyAll } = await import('../src/classify/classify-item.ts');
    const base = {
      sourceId: 'cc',
      url: 'https://example.org/a',
      summary: '',
      categories: [],
      published: '2026-01-01T00:00:00Z',
      publishedKnown: true,
      firstSeen: '2026-01-01T00:00:00Z',
      backfill: false,
    };
    const stale = {
      ...base,
      id: 'a',
      title: 'Kinship carers to get allowance',
      classification: { aboutReform: false, themes: [], recommendations: [] },
    };
    const fresh = { ...base, id: 'b', title: 'Unrelated council news' };
    const current = { ...fresh, classification: classifier.classify({ title: fresh.title, summary: '' }) };
    const changed = reclassifyAll(classifier, [stale, current]);
    expect(changed.map((i) => i.id)).toEqual(['a']);
    expect(changed[0]!.classification!.themes.map((t) => t.key)).toContain('kinship-care');
  });
});
