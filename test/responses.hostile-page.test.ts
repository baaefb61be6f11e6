import { describe, expect, it } from 'vitest';
import { MAX_PAGE_COMMENTS, parseCommentPage } from '../src/responses/parse-comment-page.ts';

const context = { pageUrl: 'https://news.example.org/2024/01/02/story/', now: new Date('2024-01-03T00:00:00Z') };

/** `n` comments, each a reply to the one before, as a hostile page nests them. */
function nestedComments(n: number): string {
  const open = Array.from({ length: n }, (_, i) => `<div id="comment-${i}"><p>reply number ${i}</p>`).join('');
  return `<html><body><div id="comments">${open}${'</div>'.repeat(n)}</div></body></html>`;
}

describe('an article page built to exhaust the bot', () => {
  it('reads replies nested in each other each with its own text, not its replies', async () => {
    const page = await parseCommentPage(nestedComments(400), context);
    expect(page.comments).toHaveLength(400);
    expect(page.comments[0]!.text).toBe('reply number 0');
    expect(page.comments[399]!.text).toBe('reply number 399');
    expect(page.comments[200]!.parentId).toBe(page.comments[199]!.id);
  });

  it('does not crash on elements nested 10,000 deep, and keeps the comments above them', async () => {
    const deep = `${'<div>'.repeat(10_000)}buried${'</div>'.repeat(10_000)}`;
    const html = `<div id="comments"><div id="comment-1"><p>First.</p></div><div id="comment-2"><p>Second.</p>${deep}</div></div>`;
    const page = await parseCommentPage(html, context);
    expect(page.comments.map((c) => c.text)).toEqual(['First.', 'Second.']);
    expect(page.skipped.join(' ')).toMatch(/nests elements over \d+ deep/);
  });

  it(`reads at most ${MAX_PAGE_COMMENTS} comments of a page and says it left the rest`, async () => {
    const many = Array.from(
      { length: MAX_PAGE_COMMENTS + 50 },
      (_, i) => `<li id="comment-${i}"><p>Comment ${i}.</p></li>`,
    );
    const page = await parseCommentPage(`<div id="comments"><ol>${many.join('')}</ol></div>`, context);
    expect(page.comments).toHaveLength(MAX_PAGE_COMMENTS);
    expect(page.skipped).toContain(`comments past the first ${MAX_PAGE_COMMENTS} not read`);
  });

  it('lets other work run (an interaction, a timer) while it reads a 5 MiB page, and finds the comments at its end', async () => {
    const article = `<article>${'<p>The review said kinship carers need support &amp; pay.</p>'.repeat(85_000)}</article>`;
    const comments =
      '<div id="comments"><ol><li id="comment-1"><p>First.</p></li><li id="comment-2"><p>Second.</p></li></ol></div>';
    const html = `<html><body>${article}${comments}</body></html>`;
    expect(html.length).toBeGreaterThan(5_000_000);
    const order: string[] = [];
    const reading = parseCommentPage(html, context).then((page) => {
      order.push('page read');
      return page;
    });
    // Scheduled once the read has begun: it runs only if the read gives the event loop a turn.
    setTimeout(() => order.push('other work'), 0);
    expect((await reading).comments.map((c) => c.text)).toEqual(['First.', 'Second.']);
    expect(order[0]).toBe('other work');
  }, 60_000);
});
