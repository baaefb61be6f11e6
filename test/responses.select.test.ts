import { describe, expect, it } from 'vitest';
import { loadClassifier } from '../src/classify/classifier.ts';
import { classifyComment } from '../src/responses/classify-comments.ts';
import { ArrayCommentStore } from '../src/responses/comment-store.ts';
import { parseCommentFeed } from '../src/responses/parse-comment-feed.ts';
import { parseCommentPage } from '../src/responses/parse-comment-page.ts';
import { selectCommentFetches } from '../src/responses/select-comment-fetches.ts';
import type { Item } from '../src/sources/item.ts';
import { fixture } from './helpers/fixture-server.ts';

const now = new Date('2024-05-20T09:00:00Z');
const PAY_SCALES =
  'https://www.communitycare.co.uk/2022/05/23/care-review-urges-national-social-work-pay-scales-to-reward-expertise-and-boost-retention/';

function article(n: number, overrides: Partial<Item> = {}): Item {
  const published = new Date(now.getTime() - n * 24 * 3600 * 1000).toISOString();
  return {
    id: `item-${n}`,
    sourceId: 'community-care',
    url: `https://www.communitycare.co.uk/2024/05/${n}/story-${n}/`,
    title: `Story ${n}`,
    summary: '',
    categories: [],
    published,
    publishedKnown: true,
    firstSeen: published,
    backfill: false,
    commentsFeedUrl: `https://www.communitycare.co.uk/2024/05/${n}/story-${n}/feed/`,
    commentCount: 5,
    ...overrides,
  };
}

describe('which articles need their comments read', () => {
  it('reads only articles of the last 14 days whose count is ahead of what is stored, furthest behind first', () => {
    const items = [
      article(1, { commentCount: 3 }),
      article(2, { commentCount: 9 }),
      article(13, { commentCount: 4 }),
      article(15, { commentCount: 30 }),
      article(3, { commentCount: 2 }),
    ];
    const stored = new Map([
      [items[0]!.url, 3],
      [items[1]!.url, 1],
      [items[4]!.url, 0],
    ]);
    const fetches = selectCommentFetches(items, stored, { now });
    expect(fetches.map((f) => [f.itemId, f.missing, f.via])).toEqual([
      ['item-2', 8, 'comment-feed'],
      ['item-13', 4, 'comment-feed'],
      ['item-3', 2, 'comment-feed'],
    ]);
    expect(fetches[0]!.url).toBe(items[1]!.commentsFeedUrl);
  });

  it('keeps to the per-run cap', () => {
    const items = Array.from({ length: 30 }, (_, n) =>
      article(n % 14, { id: `item-${n}`, url: `https://www.communitycare.co.uk/${n}/`, commentCount: n + 1 }),
    );
    const fetches = selectCommentFetches(items, new Map(), { now, cap: 5 });
    expect(fetches.map((f) => f.missing)).toEqual([30, 29, 28, 27, 26]);
  });

  it('reads the page when there is no comment feed, or when more are missing than the feed shows', () => {
    const noFeed = article(1, { commentsFeedUrl: undefined, commentCount: 2 });
    const farBehind = article(2, { commentCount: 35 });
    const fetches = selectCommentFetches([noFeed, farBehind], new Map(), { now });
    expect(fetches.map((f) => [f.itemId, f.via, f.url])).toEqual([
      ['item-2', 'article-page', farBehind.url],
      ['item-1', 'article-page', noFeed.url],
    ]);
  });

  it('leaves alone articles whose source gives no comment count', () => {
    expect(selectCommentFetches([article(1, { commentCount: undefined })], new Map(), { now })).toEqual([]);
  });
});

describe('storing and classifying comments', () => {
  it('stores a comment once however often it is read, and counts them by article', async () => {
    const reference = new Date('2022-06-11T08:00:00Z');
    const feed = await parseCommentFeed(
      fixture('comments/community-care-pay-scales-comments-feed.xml').toString('utf8'),
      { now: reference },
    );
    const site = await parseCommentFeed(fixture('comments/community-care-site-comments-feed.xml').toString('utf8'), {
      now: reference,
    });
    const page = await parseCommentPage(
      fixture('comments/community-care-pay-scales-article-page.html').toString('utf8'),
      {
        pageUrl: PAY_SCALES,
        now: reference,
      },
    );
    const store = new ArrayCommentStore();
    expect(await store.addNew(feed.comments)).toHaveLength(10);
    expect(await store.addNew(site.comments)).toHaveLength(10);
    expect(await store.addNew(page.comments)).toHaveLength(15);
    expect(await store.addNew(page.comments)).toHaveLength(0);
    expect(await store.countsFor([page.articleUrl, 'https://elsewhere.example/'])).toEqual(
      new Map([
        [page.articleUrl, 35],
        ['https://elsewhere.example/', 0],
      ]),
    );
    const firstDay = await store.publishedBetween('2022-05-22T23:00:00.000Z', '2022-05-23T23:00:00.000Z');
    expect(firstDay).toHaveLength(12);
    expect(firstDay[0]!.author).toBe('Jane Collins');
  });

  it("files readers' comments under the themes they raise, with the news classifier", async () => {
    const classifier = loadClassifier();
    const page = await parseCommentPage(
      fixture('comments/community-care-pay-scales-article-page.html').toString('utf8'),
      {
        pageUrl: PAY_SCALES,
        now: new Date('2022-06-11T08:00:00Z'),
      },
    );
    const classified = page.comments.map((c) => classifyComment(classifier, c));
    const jane = classified[0]!;
    expect(jane.classification!.themes.map((t) => t.key)).toEqual(['fostering', 'advocacy-iro']);
    expect(jane.classification!.recommendations.map((t) => t.key)).toContain('mockingbird');
    const themes = new Map<string, number>();
    for (const c of classified)
      for (const t of c.classification!.themes) themes.set(t.key, (themes.get(t.key) ?? 0) + 1);
    const busiest = [...themes.entries()].sort((a, b) => b[1] - a[1])[0]!;
    expect(busiest[0]).toBe('workforce');
  });
});
