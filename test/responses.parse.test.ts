import { describe, expect, it } from 'vitest';
import { parseCommentFeed } from '../src/responses/parse-comment-feed.ts';
import { parseCommentPage } from '../src/responses/parse-comment-page.ts';
import { FeedParseError } from '../src/sources/parse-feed.ts';
import { fixture } from './helpers/fixture-server.ts';

const ARTICLE =
  'https://www.communitycare.co.uk/2022/05/23/care-review-urges-national-social-work-pay-scales-to-reward-expertise-and-boost-retention/';
const HEADLINE = 'Care review urges national social work pay scales to reward expertise and boost retention';
const now = new Date('2022-06-11T08:00:00Z');

interface RealComment {
  author: string;
  date: string;
  time: string;
  is_reply: boolean;
  text: string;
}
const real = JSON.parse(fixture('comments/community-care-2022-05-23-care-review-pay-scales.json').toString('utf8')) as {
  comments: RealComment[];
};

describe("an article's own comment feed", () => {
  it('reads each comment with its author as published, its time, its text and the article it belongs to', async () => {
    const { comments, skipped } = await parseCommentFeed(
      fixture('comments/community-care-pay-scales-comments-feed.xml').toString('utf8'),
      { now },
    );
    expect(skipped).toEqual([]);
    expect(comments).toHaveLength(10);
    const tom = comments.find((c) => c.author === 'Tom')!;
    expect(tom.articleUrl).toBe(ARTICLE);
    expect(tom.url).toBe(`${ARTICLE}#comment-3120232`);
    // 11:59 am in London in May is 10:59 GMT.
    expect(tom.published).toBe('2022-05-30T10:59:00.000Z');
    expect(tom.text).toBe(real.comments.find((c) => c.author === 'Tom')!.text);
    expect(tom.origin).toBe('article-feed');
    expect(comments.find((c) => c.author === 'been doingittoolong')!.text).toContain(
      'increase pay & status of social workers',
    );
  });

  it('keeps reply nesting from WordPress\'s "In reply to" line, and leaves that line out of the text', async () => {
    const { comments } = await parseCommentFeed(
      fixture('comments/community-care-pay-scales-comments-feed.xml').toString('utf8'),
      { now },
    );
    const andy = comments.find((c) => c.author === 'Andy')!;
    const parent = comments.find((c) => c.id === andy.parentId);
    expect(andy.inReplyTo).toBe('Andy');
    expect(andy.text.startsWith('I wouldn’t be that certain Simon')).toBe(true);
    expect(andy.text).not.toContain('In reply to');
    // The parent is not in this window of the feed, but its id is the one the page gives it.
    expect(parent).toBeUndefined();
    const page = await parseCommentPage(
      fixture('comments/community-care-pay-scales-article-page.html').toString('utf8'),
      {
        pageUrl: ARTICLE,
        now,
      },
    );
    expect(page.comments.find((c) => c.id === andy.parentId)!.text).toMatch(
      /^Curious\. When I was a NALGO shop steward/,
    );
  });

  it('reads the same comment from the description when a feed has no content:encoded', async () => {
    const xml = fixture('comments/community-care-pay-scales-comments-feed.xml')
      .toString('utf8')
      .replace(/<content:encoded>[\s\S]*?<\/content:encoded>/g, '');
    const withContent = await parseCommentFeed(
      fixture('comments/community-care-pay-scales-comments-feed.xml').toString('utf8'),
      { now },
    );
    const fromDescription = await parseCommentFeed(xml, { now });
    expect(fromDescription.comments.map((c) => [c.id, c.text, c.parentId])).toEqual(
      withContent.comments.map((c) => [c.id, c.text, c.parentId]),
    );
  });

  it('refuses a page that is not a feed, with a reason', async () => {
    await expect(parseCommentFeed('<!doctype html><html><body>Not found</body></html>', { now })).rejects.toThrow(
      FeedParseError,
    );
  });
});

describe("the site's comment feed", () => {
  it('names the article each comment is on from "Comment on <headline> by <name>"', async () => {
    const { comments } = await parseCommentFeed(
      fixture('comments/community-care-site-comments-feed.xml').toString('utf8'),
      { now },
    );
    expect(comments).toHaveLength(10);
    for (const comment of comments) {
      expect(comment.articleTitle).toBe(HEADLINE);
      expect(comment.articleUrl).toBe(ARTICLE);
      expect(comment.origin).toBe('site-feed');
    }
    expect(comments.map((c) => c.author)).toEqual([
      'Sandra',
      'Bec',
      'Bec',
      'Rebecca',
      'TVOSW',
      'David',
      'TiredSocialWorker',
      'Andy',
      'Diane Galpin',
      'Diane Galpin',
    ]);
  });

  it('keeps a headline that itself contains " by " whole', async () => {
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Comments for Community Care</title>
      <item><title>Comment on Children let down by councils, says report by Jo Bloggs</title><link>https://www.communitycare.co.uk/2024/01/02/let-down/#comment-9</link>
      <dc:creator><![CDATA[Jo Bloggs]]></dc:creator><pubDate>Tue, 02 Jan 2024 10:00:00 +0000</pubDate><guid isPermaLink="false">https://www.communitycare.co.uk/?p=9#comment-9</guid>
      <description><![CDATA[Agreed.]]></description></item></channel></rss>`;
    const { comments } = await parseCommentFeed(xml, { now: new Date('2024-01-03T00:00:00Z') });
    expect(comments[0]!.articleTitle).toBe('Children let down by councils, says report');
    expect(comments[0]!.author).toBe('Jo Bloggs');
  });

  it('strips control characters and markup from hostile comments, and caps very long ones', async () => {
    const long = 'word '.repeat(2_000);
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Comments on: A</title>
      <item><title>By: Eve\u001b[31m</title><link>https://www.communitycare.co.uk/2024/01/02/a/#comment-1</link><dc:creator><![CDATA[<b>Eve</b>\u001b[31m\u202e]]></dc:creator>
      <pubDate>Tue, 02 Jan 2024 10:00:00 +0000</pubDate><content:encoded><![CDATA[<p>Hi\u0007 <script>alert(1)</script>@everyone</p>]]></content:encoded></item>
      <item><title>By: Long</title><link>https://www.communitycare.co.uk/2024/01/02/a/#comment-2</link><pubDate>Tue, 02 Jan 2024 11:00:00 +0000</pubDate><content:encoded><![CDATA[<p>${long}</p>]]></content:encoded></item>
      </channel></rss>`;
    const { comments } = await parseCommentFeed(xml, { now: new Date('2024-01-03T00:00:00Z') });
    expect(comments[0]!.author).toBe('Eve');
    expect(comments[0]!.text).toBe('Hi @everyone');
    expect(comments[1]!.text.length).toBeLessThanOrEqual(4_000);
    expect(comments[1]!.text.endsWith('word…')).toBe(true);
  });
});

describe('the comment section of an article page', () => {
  const olderMarkup = fixture('comments/community-care-pay-scales-article-page.html').toString('utf8');
  // Community Care's theme gives the heading itself the section's id, with no #comments around the list.
  const communityCareMarkup = olderMarkup.replace(
    '<div id="comments">\n<h3 id="comments-title" class="comments-title">',
    '<div class="comments-wrap">\n<h3 id="comments">',
  );
  for (const [name, html] of [
    ['older WordPress markup with text dates', olderMarkup],
    ['WordPress HTML5 markup', fixture('comments/community-care-pay-scales-article-page-html5.html').toString('utf8')],
    ['Community Care\'s markup, whose heading is <h3 id="comments">', communityCareMarkup],
  ] as const) {
    it(`reads all 35 responses in ${name}: author, date, text and nesting`, async () => {
      expect(html).toContain(name.includes('Community Care') ? '<h3 id="comments">' : 'comments-title');
      const page = await parseCommentPage(html, {
        pageUrl: `${ARTICLE}?utm_source=rss&utm_medium=rss`,
        now,
      });
      expect(page.heading).toEqual({ count: 35, headline: HEADLINE });
      expect(page.articleUrl).toBe(ARTICLE);
      expect(page.comments).toHaveLength(35);
      // As the page showed them, in the page's order.
      expect(page.comments.map((c) => [c.author, c.text])).toEqual(real.comments.map((c) => [c.author, c.text]));
      expect(page.comments.map((c) => c.parentId !== undefined)).toEqual(real.comments.map((c) => c.is_reply));
      const jane = page.comments[0]!;
      expect(jane.published).toBe('2022-05-23T00:08:00.000Z');
      expect(jane.publishedKnown).toBe(true);
      const david = page.comments.find((c) => c.author === 'David')!;
      expect(page.comments.find((c) => c.id === david.parentId)!.author).toBe('Kitty');
      expect(david.inReplyTo).toBe('Kitty');
    });
  }

  it('gives a comment the same id and content from its page as from the comment feed', async () => {
    const page = await parseCommentPage(
      fixture('comments/community-care-pay-scales-article-page.html').toString('utf8'),
      {
        pageUrl: ARTICLE,
        now,
      },
    );
    const feed = await parseCommentFeed(
      fixture('comments/community-care-pay-scales-comments-feed.xml').toString('utf8'),
      { now },
    );
    const byId = new Map(page.comments.map((c) => [c.id, c]));
    for (const comment of feed.comments) {
      const same = byId.get(comment.id)!;
      expect([same.author, same.published, same.text, same.parentId]).toEqual([
        comment.author,
        comment.published,
        comment.text,
        comment.parentId,
      ]);
    }
  });

  it('finds nothing, without failing, on a page with no comment section', async () => {
    const page = await parseCommentPage('<html><body><article><p>No comments here.</p></article></body></html>', {
      pageUrl: ARTICLE,
      now,
    });
    expect(page.comments).toEqual([]);
    expect(page.heading).toBeUndefined();
  });
});
