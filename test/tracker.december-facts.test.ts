import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadRecommendationsData, recommendationsFileSchema } from '../src/tracker/recommendations-schema.ts';
import { trackerHarness } from './helpers/tracker-context.ts';

interface FoundEntry {
  date: string;
  axis: 'response' | 'progress';
  value: string;
  source_url: string;
  corrects?: { date: string; value: string };
}
const found = parse(readFileSync(new URL('./fixtures/tracker/update-2026-12-found.yaml', import.meta.url), 'utf8')) as {
  entries: Record<string, FoundEntry[]>;
  proposed_key_entries: Record<string, FoundEntry[]>;
};
const data = loadRecommendationsData();
const now = new Date('2026-12-07T12:00:00Z');

describe('the December 2026 update in the data', () => {
  it('holds every dated entry the update found, with its source', async () => {
    const { tracker } = await trackerHarness({ data, now });
    const entries = Object.entries(found.entries).flatMap(([key, list]) => list.map((e) => ({ key, ...e })));
    expect(entries).toHaveLength(30);
    for (const e of entries) {
      const held = tracker
        .status(e.key)!
        .timeline.some(
          (t) =>
            t.axis === e.axis &&
            String(t.date) === String(e.date) &&
            t.value === e.value &&
            (t.source.url === e.source_url || t.source.mirror === e.source_url),
        );
      expect(held, `${e.key} ${e.date} ${e.axis} ${e.value}`).toBe(true);
    }
  });

  it('/recommendation kinship-leave: back under consideration since 1 Jul 2025, in the parental leave review', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'kinship-leave' });
    expect(shown).toContain('Government response: Under consideration (since 1 Jul 2025)');
    expect(shown).toContain('1 Jul 2025 · Response: Under consideration');
    expect(shown).toContain('review of parental leave and pay');
    expect(shown).toContain(
      'https://kinship.org.uk/our-work-and-impact/policy-and-influencing/policy-tracker/kinship-care-leave',
    );
    expect(shown).not.toContain('Government response: Not taken forward');
  });

  it('/recommendation corporate-parenting-extension: legislated with Royal Assent on 29 Apr 2026', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'corporate-parenting-extension' });
    expect(shown).toContain('Government response: Accepted (since 9 Apr 2025)');
    expect(shown).toContain('Progress: Legislated (since 29 Apr 2026)');
    expect(shown).toContain('29 Apr 2026 · Progress: Legislated');
    expect(shown).toContain('https://thebarristergroup.co.uk/blog/');
  });

  it('/recommendation corporate-parenting-extension: the APPG inquiry is a sector response, not a government one', async () => {
    const { tracker, text } = await trackerHarness({ data, now });
    const rec = tracker.status('corporate-parenting-extension')!;
    expect(rec.timeline.some((t) => t.summary.includes('APPG'))).toBe(false);
    const appg = data.recommendations
      .find((r) => r.key === 'corporate-parenting-extension')!
      .responses.find((r) => r.org.includes('APPG'));
    expect(appg?.stance).toBe('support');
    expect(appg?.source.url).toContain('basw.co.uk');
    const shown = await text('show', { key: 'corporate-parenting-extension' });
    const sector = shown.slice(shown.indexOf('Sector responses'));
    expect(sector).toContain('APPG for Care-Experienced Children and Young People');
    expect(shown.slice(0, shown.indexOf('Sector responses'))).not.toContain('APPG');
  });

  it('/recommendation mockingbird: accepted and funded on 4 Feb 2026', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'mockingbird' });
    expect(shown).toContain('Government response: Accepted (since 4 Feb 2026)');
    expect(shown).toContain('Progress: In progress (since 4 Feb 2026)');
    expect(shown).toContain('£8.9m');
    expect(shown).toContain('Fostering Reforms, written ministerial statement, 4 Feb 2026');
    expect(shown).toContain('That the review made it: confidence medium');
    expect(shown).not.toContain('Response: none recorded');
  });

  it('/recommendation extra-familial-harm-response: the new recommendation, planned, with the review shown by its source', async () => {
    const { tracker, text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'extra-familial-harm-response' });
    expect(shown).toContain('Child Community Safety Plan');
    expect(shown).toContain('Government response: Accepted in part');
    expect(shown).toContain('Progress: Planned (since 22 Jun 2026)');
    expect(shown).toContain('22 Jun 2026 · Progress: Planned');
    expect(shown).toContain('https://wiltshiresvpp.org.uk/news/dfe-consultation-improving-help-and-child-protection');
    expect(shown).toContain('https://www.kingsleyknight.co.uk/');
    expect(tracker.finder.search('extra-familial harm')[0]?.recommendation.key).toBe('extra-familial-harm-response');
    const unconfirmed = parse(readFileSync(new URL('../data/recommendations.yaml', import.meta.url), 'utf8'))
      .unconfirmed as Array<{ idea: string }>;
    expect(unconfirmed.some((u) => /outside the home/i.test(u.idea))).toBe(false);
  });

  it('re-dates the care leaver health package from a copy to the announcement, keeping the copy as corrected', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'care-leaver-health' });
    expect(shown).toContain('23 Dec 2025 · Progress: In progress');
    expect(shown).toContain('13 Jan 2026 · Progress: In progress (corrected)');
    expect(shown).toContain('Corrected by the entry dated 23 Dec 2025.');
  });

  it('labels a source that is only a copy on another site, and cites the original where it is known', async () => {
    const { text } = await trackerHarness({ data, now });
    const chairs = await text('show', { key: 'independent-cp-chairs' });
    expect(chairs).toMatch(
      /<http:\/\/www\.narrativecare\.org\/how-dfe-reforms-undermine-independence-of-child-protection-conference-chair-role\.html> \(copy on narrativecare\.org\)/,
    );
    const bill = await text('show', { key: 'education-safeguarding-partner' });
    expect(bill).toContain(
      '<https://www.communitycare.co.uk/2025/01/08/the-childrens-wellbeing-and-schools-bill-summarised/>',
    );
    expect(bill).not.toContain('fooshya.com');
    // Every source on a known re-publisher's site is either labelled a copy or replaced by its original.
    for (const rec of data.recommendations)
      for (const entry of rec.timeline)
        if (/narrativecare\.org|limitlesscommunitycare\.org|wellnesssync\.uk|fooshya\.com/.test(entry.source.url))
          expect(entry.source.mirror_only, `${rec.key} ${entry.date}`).toBe(true);
  });

  it('states the review total as 80+, with the review and the LGA among its sources', async () => {
    const { text } = await trackerHarness({ data, now });
    expect(await text('list')).toContain('Tracking 55 of 80+ recommendations');
    const file = parse(readFileSync(new URL('../data/recommendations.yaml', import.meta.url), 'utf8')) as {
      review_total_sources: Array<{ url: string }>;
    };
    const urls = file.review_total_sources.map((s) => s.url);
    expect(urls).toContain(
      'https://childrenssocialcare.independent-review.uk/why-we-need-a-reset-for-childrens-advocacy/',
    );
    expect(urls.some((u) => u.startsWith('https://www.local.gov.uk/'))).toBe(true);
  });
});

describe('the data file schema, kept strict', () => {
  const file = (extra: string) => `
review_total: ${extra}
recommendations:
- key: one
  title: One
  theme: workforce
  aliases: [one thing]
  proposed: Something.
  review_ref: ch 7
  confidence: low
  timeline:
  - date: '2026-01-01'
    axis: progress
    value: planned
    summary: Planned.
    source: { title: A copy, url: 'https://copy.example/a', mirror_only: true }
`;
  const problems = (text: string) => {
    const result = recommendationsFileSchema.safeParse(parse(text));
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes a whole number or one followed by +, and nothing else', () => {
    expect(problems(file("'80+'"))).toEqual([]);
    expect(problems(file('80'))).toEqual([]);
    expect(problems(file("'about 80'"))).toHaveLength(1);
    expect(problems(file("'+80'"))).toHaveLength(1);
  });

  it('refuses a mirror-only source that also names a mirror, and a flag other than true', () => {
    expect(
      problems(file('80').replace('mirror_only: true', "mirror_only: true, mirror: 'https://x.example/'")),
    ).toEqual(['recommendations.0.timeline.0.source.mirror: a mirror-only source has no separate mirror address']);
    expect(problems(file('80').replace('mirror_only: true', 'mirror_only: false'))).toHaveLength(1);
  });
});

interface Cited {
  title: string;
  url: string;
  mirror_only?: true;
}

function citedSources(value: unknown, out: Cited[] = []): Cited[] {
  if (Array.isArray(value)) for (const v of value) citedSources(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.url === 'string' && typeof o.title === 'string') out.push(o as unknown as Cited);
    for (const v of Object.values(o)) citedSources(v, out);
  }
  return out;
}

describe('December facts as a user reads them', () => {
  it("/recommendation kinship-leave does not still say Kinship's tracker rates it 'No progress'", async () => {
    // The update: Kinship's tracker now rates kinship care leave 'good progress' (kinship carers in the
    // parental leave review since 1 Jul 2025). The older undated line says the opposite, on the same page.
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'kinship-leave' });
    expect(shown).toContain("'good progress'");
    expect(shown).not.toContain("rates kinship care leave 'No progress'");
  });

  it('a copy of UKAuthority on an Azure host is labelled as a copy, not cited as UKAuthority itself', () => {
    const copies = citedSources(data.recommendations).filter((s) =>
      new URL(s.url).hostname.endsWith('azurewebsites.net'),
    );
    expect(copies.length).toBeGreaterThan(0);
    for (const s of copies) expect(s.mirror_only, `${s.title} ${s.url}`).toBe(true);
  });

  it('"That the review made it" reads as one sentence break, not ".."', async () => {
    const { text } = await trackerHarness({ data, now });
    const shown = await text('show', { key: 'extra-familial-harm-response' });
    expect(shown).toContain('whose text is cut off');
    expect(shown).not.toMatch(/cut off\.\./);
  });
});
