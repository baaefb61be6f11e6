import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { buildDigest, type DigestInput } from '../src/digest/build-digest.ts';
import { resolvePeriod } from '../src/digest/period.ts';
import { digestJson, digestPayloads, digestText } from '../src/digest/render-digest.ts';
import { embedLength, LIMITS, messageLimitProblems } from '../src/render/discord-limits.ts';
import { blockMarkdown } from '../src/render/rich-text.ts';
import type { Item } from '../src/sources/item.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';
import { newsItem, readerComment, SOURCES } from './helpers/digest-data.ts';

const week = resolvePeriod({ kind: 'last-week' }, new Date('2025-10-27T09:00:00Z'));
const recommendations = loadRecommendations();
const statuses = recommendations.map((r) => ({ recommendation: r, timeline: r.timeline }));
const digestOf = (input: Partial<DigestInput>) =>
  buildDigest({ period: week, items: [], comments: [], statuses, sources: SOURCES, ...input });

const HOSTILE = '@everyone <@123> <@&456> ](https://evil.example) *_~`|> **bold** ||spoiler|| # heading';

/** Masked links as Discord reads them: `[label](url)` not preceded by an escaping backslash. */
const MASKED_LINK = /(?<!\\)\[((?:\\.|[^\]\\])*)\]\((https?:\/\/[^)\s]+)\)/g;

function descriptions(payloads: RESTPostAPIChannelMessageJSONBody[]): string[] {
  return payloads.flatMap((p) => (p.embeds ?? []).map((e) => e.description ?? ''));
}

/** Every link in the payloads goes where the bot meant it to, and no text outside them reads as a link. */
function expectOnlyKnownLinks(payloads: RESTPostAPIChannelMessageJSONBody[], known: Set<string>): string[] {
  const found: string[] = [];
  for (const description of descriptions(payloads)) {
    for (const match of description.matchAll(MASKED_LINK)) {
      expect(known.has(match[2]!), `unexpected link ${match[2]}`).toBe(true);
      found.push(match[2]!);
    }
    expect(description.replace(MASKED_LINK, '')).not.toMatch(/(?<!\\)\]\(/);
  }
  return found;
}

const PLACES = [
  'Leeds',
  'Kent',
  'Norfolk',
  'Croydon',
  'Bristol',
  'Cumbria',
  'Hackney',
  'Devon',
  'Wirral',
  'Suffolk',
  'Sefton',
  'Walsall',
  'Essex',
  'Camden',
  'Dudley',
  'Halton',
  'Luton',
  'Torbay',
  'Sutton',
  'Bury',
];
const ANGLES = [
  'reports a rise in',
  'cuts spending on',
  'pilots new approach to',
  'faces criticism over',
  'publishes review of',
  'doubles investment in',
  'consults families on',
  'names lead for',
];

/** 500 distinct stories in one week, across themes and both outlets. */
function busyWeek(): Item[] {
  const items: Item[] = [];
  const start = Date.parse(week.start);
  for (let n = 0; n < 500; n++) {
    const rec = recommendations[n % recommendations.length]!;
    const alias = rec.aliases[n % rec.aliases.length]!;
    const place = PLACES[n % PLACES.length]!;
    items.push(
      newsItem({
        title: `${n % 9 === 0 ? '🎉 ' : ''}${place} ${ANGLES[n % ANGLES.length]} ${alias} in ward ${n} ${n % 50 === 0 ? 'with a very long headline '.repeat(12) : ''}`,
        summary: `${place} directors said ${alias} needed attention in quarter ${n % 4}.`,
        published: new Date(start + n * 1_200_000).toISOString(),
        sourceId: n % 3 === 0 ? 'psw-basw' : 'community-care',
        url: `https://news.example.org/${n}/${'segment/'.repeat(n % 100 === 0 ? 40 : 1)}`,
      }),
    );
  }
  return items;
}

describe('the digest as Discord messages', () => {
  it('renders a quiet week as one short message', () => {
    const payloads = digestPayloads(
      digestOf({
        items: [
          newsItem({
            title: 'Adult social care funding gap widens',
            summary: 'ADASS survey of adult services.',
            published: '2025-10-22T09:00:00Z',
          }),
        ],
      }),
    );
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!.embeds).toHaveLength(1);
    expect(payloads[0]!.embeds[0]!.title).toBe('Care review digest · Mon 20 – Sun 26 Oct 2025');
    expect(payloads[0]!.embeds[0]!.description).toBe(
      'A quiet week on the care review: no news, status changes or responses. 1 other social work story.',
    );
    expect(messageLimitProblems(payloads[0]!)).toEqual([]);
  });

  it('splits a week of 500 items over as many messages as needed, every one within every limit, losing no story', () => {
    const items = busyWeek();
    const digest = digestOf({ items });
    const payloads = digestPayloads(digest);
    expect(payloads.length).toBeGreaterThan(5);
    for (const payload of payloads) expect(messageLimitProblems(payload)).toEqual([]);
    // As few messages as the limits allow: a message ends only when the next story would not fit in it.
    payloads.slice(0, -1).forEach((payload, i) => {
      const size = payload.embeds.reduce((sum, e) => sum + embedLength(e), 0);
      const next = payloads[i + 1]!.embeds[0]!;
      const firstStory = next.description!.split('\n• ')[0]!;
      expect(
        payload.embeds.length === LIMITS.embeds ||
          size + next.title!.length + firstStory.length + 1 > LIMITS.embedTotal - 100,
      ).toBe(true);
    });
    const linked = new Set(expectOnlyKnownLinks(payloads, new Set(items.map((i) => i.url))));
    const stories = digest.news.flatMap((s) => s.stories);
    expect(stories.length).toBeGreaterThan(350);
    // Every story is there, with up to four of its tellings linked.
    for (const story of stories) for (const link of story.links.slice(0, 4)) expect(linked.has(link.url)).toBe(true);
    expect(payloads.at(-1)!.embeds.at(-1)!.footer!.text).toBe(
      `Mon 20 – Sun 26 Oct 2025 · part ${payloads.length} of ${payloads.length}`,
    );
  });

  it('escapes mentions, markdown and masked links in feed and comment text, and pings nobody', () => {
    const hostile = newsItem({
      title: `Kinship allowance ${HOSTILE}`,
      summary: `Kinship carers ${HOSTILE}`,
      published: '2025-10-22T09:00:00Z',
    });
    const statement = newsItem({
      title: `BASW responds to ${HOSTILE}`,
      published: '2025-10-23T09:00:00Z',
      sourceId: 'psw-basw',
    });
    const comment = readerComment({
      articleUrl: hostile.url,
      author: `Eve ${HOSTILE}`,
      text: `Kinship carers deserve better ${HOSTILE}`,
      published: '2025-10-23T10:00:00Z',
      n: 1,
    });
    const list = statuses.map((s) => ({ ...s, timeline: [...s.timeline] }));
    list[0]!.timeline.push({
      date: '2025-10-24',
      axis: 'progress',
      value: 'piloting',
      summary: `Pilot ${HOSTILE}`,
      source: { title: `Source ${HOSTILE}`, url: 'https://www.gov.uk/a_(b)' },
      edit: { by: { id: '1', name: `Mod ${HOSTILE}` }, at: '2025-10-24T10:00:00Z' },
    } as never);
    const payloads = digestPayloads(digestOf({ items: [hostile, statement], comments: [comment], statuses: list }));
    for (const payload of payloads) {
      expect(messageLimitProblems(payload)).toEqual([]);
      expect(payload.allowed_mentions).toEqual({ parse: [] });
      expect(payload.content).toBeUndefined();
    }
    expectOnlyKnownLinks(payloads, new Set([hostile.url, statement.url, comment.url!, 'https://www.gov.uk/a_%28b%29']));
    const text = descriptions(payloads).join('\n');
    expect(text).not.toContain('evil.example)');
    expect(text).toContain('\\]\\(https\\://evil.example\\)');
    expect(text).toContain('\\*\\_~\\`|>');
    expect(text).toContain('\\*\\*bold\\*\\*');
    expect(text).toContain('\\|\\|spoiler\\|\\|');
    expect(text).not.toMatch(/(?<!\\)\*\*bold/);
  });

  it('cuts long titles on a word, keeps emoji whole and never cuts inside a link', () => {
    const long = newsItem({
      title: `Kinship allowance 🎉👩‍👩‍👧 ${'pilot extended to more councils '.repeat(40)}`,
      published: '2025-10-22T09:00:00Z',
    });
    const payloads = digestPayloads(digestOf({ items: [long] }));
    for (const payload of payloads) expect(messageLimitProblems(payload)).toEqual([]);
    const [link] = expectOnlyKnownLinks(payloads, new Set([long.url]));
    expect(link).toBe(long.url);
    const label = /\[([^\]]+)\]\(/.exec(descriptions(payloads).join('\n'))![1]!;
    expect(label.startsWith('Kinship allowance 🎉👩‍👩‍👧 pilot')).toBe(true);
    expect(
      label.endsWith('councils…') ||
        label.endsWith('more…') ||
        label.endsWith('to…') ||
        label.endsWith('extended…') ||
        label.endsWith('pilot…'),
    ).toBe(true);
  });

  it('drops a link whole, keeping its label as text, when a block must be cut at it', () => {
    const url = `https://news.example.org/${'x'.repeat(300)}`;
    const block = {
      lines: [[{ text: 'Start ' }, { feed: 'some words here' }, { text: ' · ' }, { link: 'A linked headline', url }]],
    };
    const fitted = blockMarkdown(block, 100);
    expect(fitted.length).toBeLessThanOrEqual(100);
    expect(fitted).not.toContain('](');
    expect(fitted).not.toContain('https://');
    expect(fitted).toMatch(/^Start some words here · A linked headline/);
    expect(blockMarkdown(block, 1_000)).toBe(`Start some words here · [A linked headline](${url})`);
  });
});

describe('the digest as text and as JSON', () => {
  const items = [
    newsItem({
      title: 'Kinship carers to get allowance in pilot, government announces',
      summary: `Special guardians and kinship carers in eight areas. ${HOSTILE}`,
      published: '2025-10-21T10:00:00Z',
    }),
    newsItem({
      title: 'Government announces kinship allowance pilot for carers',
      summary: 'Kinship carers and special guardians in eight areas.',
      published: '2025-10-22T12:00:00Z',
      sourceId: 'psw-basw',
    }),
  ];
  const comment = readerComment({
    articleUrl: items[0]!.url,
    author: 'Jo\u001b[2J',
    text: `Kinship carers have waited years for a kinship allowance. ${HOSTILE}`,
    published: '2025-10-23T10:00:00Z',
    n: 4,
  });
  const digest = digestOf({ items, comments: [comment] });

  it('prints the same content for the terminal, without markdown escapes or control characters', () => {
    const text = digestText(digest);
    expect(text).toContain('Care review digest · Mon 20 – Sun 26 Oct 2025');
    expect(text).toContain(
      `• Kinship carers to get allowance in pilot, government announces <${items[0]!.url}> · Community Care · Tue 21 Oct`,
    );
    expect(text).toContain(`also told by Professional Social Work (BASW) <${items[1]!.url}> Wed 22 Oct`);
    expect(text).toContain(
      `> “Kinship carers have waited years for a kinship allowance. ${HOSTILE}” — Jo <${comment.url}>`,
    );
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\\*');
  });

  it('prints the exact Discord payloads as one JSON array', () => {
    const parsed = JSON.parse(digestJson(digest));
    expect(parsed).toEqual(digestPayloads(digest));
    expect(Array.isArray(parsed)).toBe(true);
  });
});
