import { describe, expect, it } from 'vitest';
import { Classifier } from '../src/classify/classifier.ts';
import { prepareText } from '../src/classify/phrase-matcher.ts';
import { loadTaxonomy, STRENGTHS } from '../src/classify/taxonomy-schema.ts';
import { THEMES } from '../src/classify/themes.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';

const taxonomy = loadTaxonomy();
const classifier = new Classifier(taxonomy, loadRecommendations());
const themes = (title: string, summary = '') => classifier.classify({ title, summary }).themes.map((t) => t.key);
const verdict = (title: string, summary = '') => classifier.explain({ title, summary }).context;

describe('near-domain news that shares the review’s words is not filed', () => {
  const cases: Array<[string, string, string, string]> = [
    [
      'health',
      'Hospital doctors to strike over pay',
      "Resident doctors in England will walk out after the BMA rejected the government's pay offer",
      'workforce',
    ],
    [
      'health',
      'Nurses reject pay offer',
      'RCN members say the deal does not address staff shortages and vacancies',
      'workforce',
    ],
    [
      'schools',
      'Teachers vote for industrial action in pay dispute',
      'NEU members back strike action over the 2.8% pay offer',
      'workforce',
    ],
    [
      'schools',
      'Ofsted report cards: what heads need to know',
      'The new inspection framework for schools grades five areas',
      'system-reform',
    ],
    [
      'schools',
      'Delays in SEND assessments leave families waiting',
      'EHC plan waits are growing in every region',
      'disabled-children',
    ],
    [
      'housing',
      'Council budget pressures blamed on rising housing costs',
      'Temporary accommodation spending has driven an overspend, finance chiefs warn',
      'poverty-funding',
    ],
    [
      'adult-mental-health',
      'Out-of-area placements rise as mental health beds run short',
      'Mental health patients are being sent hundreds of miles for treatment',
      'care-market',
    ],
    [
      'policing',
      'Police funding settlement leaves forces short of officers',
      'Chief constables warn of budget pressures and staff shortages',
      'poverty-funding',
    ],
    [
      'criminal-justice',
      'Probation caseloads too high to manage early release',
      'Inspectors warn staffing and caseloads put the probation service at risk',
      'workforce',
    ],
    [
      'adult-social-care',
      'Care workers to get pay rise under Fair Pay Agreement',
      'Providers warn of recruitment and retention problems in the care workforce',
      'workforce',
    ],
  ];

  it.each(cases)('%s: %s', (domain, title, summary, wouldBe) => {
    const gate = verdict(title, summary);
    expect(gate.verdict).toBe('near-domain');
    expect(Object.keys(gate.nearDomains)).toContain(domain);
    expect(themes(title, summary)).toEqual([]);
    // The shared words were seen, and scored, but the story was kept out.
    expect(classifier.explain({ title, summary }).themes.map((t) => t.key)).toContain(wouldBe);
  });

  it('says why a story with matching words was not filed', () => {
    const c = classifier.classify({
      title: 'Hospital doctors to strike over pay',
      summary: 'The BMA rejected the pay offer',
    });
    expect(c.aboutReform).toBe(false);
    expect(c.notFiled).toMatch(/another service: health/);
  });
});

describe('the same words in a story about children’s social care are filed', () => {
  it.each([
    ["Children's social workers strike over pay", 'Unison members at the council walk out over workloads', 'workforce'],
    ['Social work pay offer rejected by unions', 'Unison says council staff deserve more', 'workforce'],
    [
      'Out-of-area placements for children in care hit record',
      'More looked after children are placed far from home',
      'care-market',
    ],
    ["Ofsted changes inspections of children's services", 'The ILACS framework will be updated', 'system-reform'],
    ["Councils' children's services overspend grows", 'Budget pressures from rising demand', 'poverty-funding'],
    ['Free school meals extended in child poverty plan', 'Schools will feed 500,000 more pupils', 'poverty-funding'],
    [
      'Disabled children wait longer for short breaks as SEND pressures grow',
      'Parent carers say councils are cutting support',
      'disabled-children',
    ],
  ])('%s', (title, summary, theme) => {
    expect(verdict(title, summary).inScope).toBe(true);
    expect(themes(title, summary)).toContain(theme);
  });
});

describe('the context gate’s verdicts', () => {
  it('lets in a story that names the care system, whatever else it names', () => {
    const gate = verdict(
      'Police and social workers in joint child protection team',
      'Officers and social workers share an office',
    );
    expect(gate.verdict).toBe('care-system');
    expect(gate.careSystem.join()).toMatch(/child protection/i);
    expect(Object.keys(gate.nearDomains)).toContain('policing');
  });

  it('lets in a story about children or families that names no other service', () => {
    expect(
      verdict('Funding for early intervention to be slashed', 'Cuts will hit services for children and young people')
        .verdict,
    ).toBe('children');
    expect(
      themes('Funding for early intervention to be slashed', 'Cuts will hit services for children and young people'),
    ).toContain('family-help');
  });

  it('keeps out a story that says nothing about who it concerns', () => {
    const gate = verdict('Budget consultation opens', 'Have your say on the funding proposals and the workforce plan');
    expect(gate.verdict).toBe('none');
    expect(
      themes('Budget consultation opens', 'Have your say on the funding proposals and the workforce plan'),
    ).toEqual([]);
  });

  it('does not let a shared word alone stand for the care system', () => {
    // "agency staff" and "locum" are aliases of the agency rules, but the NHS uses them too.
    expect(
      themes('Agency staff bill soars at NHS trusts', 'Trusts spent £3bn on locum doctors and agency nurses'),
    ).toEqual([]);
    expect(themes('Windfall tax on energy firms extended', 'The Treasury will raise £5bn')).toEqual([]);
    expect(
      classifier
        .classify({ title: 'Agency staff costs soar in children’s services' })
        .recommendations.map((r) => r.key),
    ).toContain('agency-staff-rules');
  });

  it('does not take everyday English for the care system', () => {
    expect(
      themes('Fostering collaboration between the NHS and councils', 'Integrated care boards sign a new agreement'),
    ).toEqual([]);
    expect(themes('Adoption of AI tools speeds up hospital discharge', 'Trusts report fewer delays')).toEqual([]);
    expect(themes('Older people let down by the care system, charity says', 'Care home fees rise again')).toEqual([]);
    expect(themes('Short breaks in the Lake District', 'Hotels report record bookings')).toEqual([]);
    expect(themes('Interest rates staying put, says Bank of England')).toEqual([]);
    expect(themes('To Kill a Mockingbird returns to the West End')).toEqual([]);
    expect(
      themes('Homelessness prevention grant cut', 'Councils warn of more families in temporary accommodation'),
    ).toEqual([]);
  });

  it('ignores a near-domain word inside a care-system phrase', () => {
    const gate = verdict("Children's Wellbeing and Schools Bill: what it means for kinship carers");
    expect(gate.nearDomains).toEqual({});
  });
});

describe('framing and second themes', () => {
  it('does not file a story under care experience only because it is about children in care', () => {
    expect(themes('Independent visitors: volunteers help children in care')).toEqual(['advocacy-iro']);
    expect(themes('Children in care wait longest for mental health support')).toEqual(['care-experience']);
  });

  it('needs more than a passing shared word in the summary for a second theme', () => {
    expect(
      themes(
        'Staying Close scheme extended',
        'The charity has been awarded funding to keep helping young people after they leave care',
      ),
    ).toEqual(['care-experience']);
  });
});

describe('the taxonomy data', () => {
  const fold = (phrase: string) =>
    prepareText(phrase)
      .tokens.map((t) => t.stem)
      .join(' ');

  it('never lists a phrase as both shared and specific, which would let a shared word in after all', () => {
    const specific = new Map<string, string>();
    const shared = new Map<string, string>();
    for (const theme of THEMES) {
      const signals = taxonomy.themes[theme];
      for (const strength of STRENGTHS) {
        for (const phrase of signals[strength]) specific.set(fold(phrase), `${theme}.${strength}`);
        for (const phrase of signals.shared[strength]) shared.set(fold(phrase), `${theme}.shared.${strength}`);
      }
      for (const phrase of signals.framing) specific.set(fold(phrase), `${theme}.framing`);
    }
    for (const phrase of taxonomy.context.care_system) specific.set(fold(phrase), 'context.care_system');
    const both = [...shared.keys()]
      .filter((p) => specific.has(p))
      .map((p) => `${p}: ${specific.get(p)} and ${shared.get(p)}`);
    expect(both).toEqual([]);
  });
});

describe('social work with adults is not the review’s workforce, and child deaths are child protection', () => {
  it('leaves out adult and mental health social workers’ pay and caseload stories', () => {
    for (const title of [
      'Adult social workers at council strike over pay',
      'Mental health social workers vote to strike',
      "Adult social workers' caseloads rise",
    ]) {
      expect(themes(title)).toEqual([]);
    }
    expect(themes("Children's social workers at council strike over pay")).toContain('workforce');
  });

  it('files a child’s death after missed warnings under child protection, but not a street crime story', () => {
    for (const title of [
      'Girl, 10, murdered by father and stepmother after social workers missed warning signs',
      'Toddler starved to death: agencies failed to share information, review finds',
      'Review into death of baby finds missed chances to protect her',
      'Council criticised after boy, 4, killed by stepfather',
    ]) {
      expect(themes(title)).toContain('child-protection');
    }
    expect(themes('Boy, 15, stabbed to death in park, police say')).toEqual([]);
  });
});
