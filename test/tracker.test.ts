import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { openStore } from '../src/store/open-store.ts';
import { RecommendationFinder } from '../src/tracker/find-recommendation.ts';
import {
  loadRecommendations,
  recommendationsFileSchema,
  type Recommendation,
} from '../src/tracker/recommendations-schema.ts';
import { Tracker, type ModeratorEdit } from '../src/tracker/tracker.ts';
import { parseYamlText } from '../src/util/yaml-file.ts';

const editStore = async () =>
  (await openStore(`memory:${randomUUID()}`, silentLogger)).collection<ModeratorEdit[]>('tracker');

const recommendations = loadRecommendations();
const source = { title: 'A source', url: 'https://example.org/source' };
const by = { id: '190000000000000001', name: 'Alice' };

function withTimeline(timeline: Recommendation['timeline']): Recommendation {
  return { ...recommendations.find((r) => r.key === 'iro')!, timeline };
}

describe('the recommendations data file', () => {
  it("holds the review's recommendations, each with a sourced timeline", () => {
    expect(recommendations.length).toBeGreaterThanOrEqual(49);
    for (const key of [
      'iro',
      'early-career-framework',
      'national-pay-scale',
      'regional-care-cooperatives',
      'kinship-allowance',
      'protected-characteristic',
    ]) {
      expect(
        recommendations.some((r) => r.key === key),
        key,
      ).toBe(true);
    }
    for (const rec of recommendations)
      for (const entry of rec.timeline) expect(entry.source.url, rec.key).toMatch(/^https?:\/\//);
  });

  it('rejects duplicate keys and aliases, unknown values, bad dates and unsourced entries, naming the line', () => {
    const yaml = `recommendations:
  - key: a-one
    title: A
    theme: workforce
    aliases: [pay thing]
    proposed: x
    review_ref: ch 7
    confidence: high
    timeline:
      - {date: '2023-02-30', axis: response, value: accepted, summary: s, source: {title: t, url: 'https://x.org'}}
      - {date: '2023-03-01', axis: progress, value: accepted, summary: s, source: {title: t, url: 'https://x.org'}}
      - {date: '2023-03-01', axis: response, value: rejected, summary: s, source: {title: t, url: 'ftp://x.org'}}
  - key: a-one
    title: B
    theme: not-a-theme
    aliases: [Pay Thing]
    proposed: x
    review_ref: ch 7
    confidence: high
    timeline:
      - {date: '2023', axis: response, value: accepted, summary: s}
`;
    let message = '';
    try {
      parseYamlText(yaml, 'recommendations.yaml', recommendationsFileSchema);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      'recommendations.yaml:10: recommendations.0.timeline.0.date: is not a real calendar date',
    );
    expect(message).toMatch(/:11: recommendations\.0\.timeline\.1\.value: /);
    expect(message).toMatch(/:12: recommendations\.0\.timeline\.2\.source\.url: must be an http\(s\) URL/);
    expect(message).toMatch(/:15: recommendations\.1\.theme: /);
    expect(message).toMatch(/recommendations\.1\.timeline\.0\.source: /);
    expect(message).toContain(':13: recommendations.1.key: duplicate key "a-one"');
    const twoKeys = yaml.replace('  - key: a-one\n    title: B', '  - key: a-two\n    title: B');
    expect(() => parseYamlText(twoKeys, 'recommendations.yaml', recommendationsFileSchema)).toThrow(
      'alias "Pay Thing" is also an alias of a-one',
    );
  });
});

describe('Tracker', () => {
  it('keeps response and progress apart, each from its newest entry', async () => {
    const tracker = await Tracker.open(recommendations, await editStore());
    const iro = tracker.status('iro')!;
    expect(iro.response).toMatchObject({ value: 'rejected', entry: { date: '2023-02-02' } });
    expect(iro.progress).toEqual({ value: 'not-started' });
    expect(iro.timeline.map((e) => e.date)).toEqual([...iro.timeline.map((e) => e.date)].sort().reverse());
    const familyHelp = tracker.status('family-help')!;
    expect(familyHelp.response.value).toBe('accepted');
    expect(familyHelp.progress.value).toBe('in-progress');
  });

  it("lets a moderator's edit win until the data file has a newer entry, and keeps every entry", async () => {
    const kv = await editStore();
    const rec = withTimeline([
      { date: '2023-02-02', axis: 'response', value: 'rejected', summary: 'Rejected.', source },
    ]);
    const tracker = await Tracker.open([rec], kv);
    await tracker.addEdit('iro', {
      axis: 'response',
      value: 'under-consideration',
      summary: 'Minister reopens the question.',
      source,
      by,
      at: '2026-11-23T10:00:00.000Z',
    });
    expect(tracker.status('iro')!.response.value).toBe('under-consideration');
    expect(tracker.status('iro')!.timeline).toHaveLength(2);

    // Restart: the edit is in the store.
    const reopened = await Tracker.open([rec], kv);
    expect(reopened.status('iro')!.response.value).toBe('under-consideration');
    expect(reopened.history('iro')).toEqual([
      expect.objectContaining({ by, value: 'under-consideration', date: '2026-11-23' }),
    ]);

    // The data file gains a newer entry: it wins, and the edit stays in the timeline.
    const newer = withTimeline([
      ...rec.timeline,
      { date: '2026-12-01', axis: 'response', value: 'accepted', summary: 'Accepted after all.', source },
    ]);
    const updated = await Tracker.open([newer], kv);
    expect(updated.status('iro')!.response.value).toBe('accepted');
    expect(updated.status('iro')!.timeline.map((e) => e.value)).toEqual([
      'accepted',
      'under-consideration',
      'rejected',
    ]);
  });

  it('refuses unknown values, the wrong axis, and non-http(s) sources', async () => {
    const tracker = await Tracker.open(recommendations, await editStore());
    const edit = {
      axis: 'progress' as const,
      value: 'implemented' as const,
      summary: 'Done and dusted.',
      source,
      by,
      at: '2026-11-23T10:00:00.000Z',
    };
    await expect(tracker.addEdit('nope', edit)).rejects.toThrow('Unknown recommendation "nope"');
    await expect(tracker.addEdit('iro', { ...edit, value: 'accepted' })).rejects.toThrow(
      '"accepted" is not a progress value',
    );
    await expect(
      tracker.addEdit('iro', { ...edit, source: { title: 'x', url: 'ftp://example.org/x' } }),
    ).rejects.toThrow('The source must be an http(s) URL.');
    await expect(tracker.addEdit('iro', { ...edit, source: { title: 'x', url: 'not a url' } })).rejects.toThrow(
      'The source must be an http(s) URL.',
    );
    await expect(
      tracker.addEdit('iro', {
        ...edit,
        source: { title: 'x', url: 'https://www.gov.uk/x)[Official notice](https://evil.example' },
      }),
    ).rejects.toThrow('one plain http(s) address');
    expect(tracker.history('iro')).toEqual([]);
  });

  it('filters the list by theme, response and progress', async () => {
    const tracker = await Tracker.open(recommendations, await editStore());
    const rejected = tracker.list({ response: 'rejected' });
    expect(rejected.map((s) => s.recommendation.key)).toContain('national-pay-scale');
    expect(rejected.every((s) => s.response.value === 'rejected')).toBe(true);
    expect(tracker.list({ theme: 'kinship-care' }).every((s) => s.recommendation.theme === 'kinship-care')).toBe(true);
  });
});

describe('finding a recommendation by what people type', () => {
  const finder = new RecommendationFinder(recommendations);
  const first = (q: string) => finder.search(q, 25)[0]?.recommendation.key;

  it.each([
    ['iro', 'iro'],
    ['IROs', 'iro'],
    ['reviewing officer', 'iro'],
    ['pay scale', 'national-pay-scale'],
    ['agncy', 'agency-staff-rules'],
    ['early career', 'early-career-framework'],
  ])('"%s" finds %s first', (query, key) => {
    expect(first(query)).toBe(key);
  });

  it('offers every kinship recommendation for "kinship", and at most 25 choices for anything', () => {
    const keys = finder.search('kinship').map((m) => m.recommendation.key);
    expect(keys.slice(0, 4).every((k) => k.startsWith('kinship'))).toBe(true);
    expect(finder.search('', 25)).toHaveLength(25);
    expect(finder.search('zzzzqqq')).toEqual([]);
  });
});

describe('a moderator’s update sent twice', () => {
  it('is recorded once, and the second is told who recorded it', async () => {
    const { memoryCollection } = await import('./helpers/memory-store.ts');
    const tracker = await Tracker.open(recommendations, await memoryCollection());
    const update = {
      axis: 'progress' as const,
      value: 'in-progress',
      summary: 'Consultation on the IRO role opens',
      source: { title: 'DfE consultation', url: 'https://www.gov.uk/government/consultations/iro' },
      by: { id: '1', name: 'Alice' },
      at: '2026-11-20T10:00:00Z',
      date: '2026-11-20',
    };
    await tracker.addEdit('iro', update);
    await expect(
      tracker.addEdit('iro', { ...update, by: { id: '2', name: 'Bob' }, at: '2026-11-20T10:01:00Z' }),
    ).rejects.toThrow('Alice already recorded this');
    expect(tracker.history('iro')).toHaveLength(1);
  });
});
