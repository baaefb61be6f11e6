import { describe, expect, it } from 'vitest';
import type { Source } from '../src/sources/source-config.ts';
import { mergeSources, slugify, uniqueId, type SourceRecord } from '../src/sources/source-registry.ts';

const file: Source[] = [
  {
    id: 'community-care',
    name: 'Community Care',
    kind: 'rss',
    url: 'https://www.communitycare.co.uk/feed/',
    enabled: true,
  },
  {
    id: 'psw-basw',
    name: 'PSW',
    kind: 'html',
    url: 'https://basw.co.uk/about-social-work/psw-magazine/articles',
    enabled: true,
  },
];
const by = { by: 'Mod', at: '2026-11-23T10:00:00.000Z' };
const added = (id: string, at: string, url = `https://${id}.example/feed`): SourceRecord => ({
  id,
  added: { by: 'Mod', at, source: { id, name: id, kind: 'rss', url, enabled: true } },
});

describe('ids for added feeds', () => {
  it.each([
    ['Children & Young People Now', 'children-young-people-now'],
    ['  Café Société: Équipe  ', 'cafe-societe-equipe'],
    ['***', 'feed'],
    [
      'Kinship — news from the charity supporting kinship carers in England and Wales',
      'kinship-news-from-the-charity-supporting',
    ],
  ])('%j becomes %j', (name, id) => {
    expect(slugify(name)).toBe(id);
    expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  it('never takes an id in use, a removed source’s included', () => {
    expect(uniqueId('Community Care', ['community-care', 'community-care-2'])).toBe('community-care-3');
    expect(uniqueId('CYP Now', ['community-care'])).toBe('cyp-now');
  });
});

describe('the merged list of sources', () => {
  it('is the file’s sources, then the added feeds in the order they were added', () => {
    const merged = mergeSources(file, [
      added('later', '2026-11-24T00:00:00.000Z'),
      added('earlier', '2026-11-23T00:00:00.000Z'),
    ]);
    expect(merged.map((m) => [m.source.id, m.origin, m.source.enabled])).toEqual([
      ['community-care', 'file', true],
      ['psw-basw', 'file', true],
      ['earlier', 'added', true],
      ['later', 'added', true],
    ]);
  });

  it('disables a removed source of either kind, keeping it listed for its stored items’ names', () => {
    const merged = mergeSources(file, [
      { id: 'psw-basw', removed: by },
      { ...added('cyp-now', by.at), removed: by },
    ]);
    expect(merged.map((m) => [m.source.id, m.source.enabled])).toEqual([
      ['community-care', true],
      ['psw-basw', false],
      ['cyp-now', false],
    ]);
  });

  it('leaves out an added feed whose id the sources file has taken since: the file wins', () => {
    const merged = mergeSources(file, [added('community-care', by.at, 'https://elsewhere.example/feed')]);
    expect(merged.map((m) => [m.source.id, m.source.url])).toEqual([
      ['community-care', 'https://www.communitycare.co.uk/feed/'],
      ['psw-basw', 'https://basw.co.uk/about-social-work/psw-magazine/articles'],
    ]);
  });
});
