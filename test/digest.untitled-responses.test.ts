import { describe, expect, it } from 'vitest';
import { buildDigest } from '../src/digest/build-digest.ts';
import { resolvePeriod } from '../src/digest/period.ts';
import { digestPayloads, digestText } from '../src/digest/render-digest.ts';
import { readMarkdown } from './helpers/markdown-links.ts';
import { readerComment, SOURCES } from './helpers/digest-data.ts';

const week = resolvePeriod({ kind: 'last-week' }, new Date('2025-10-27T09:00:00Z'));
// An article the bot never stored, whose comments do not name it either.
const articleUrl = 'https://www.communitycare.co.uk/2025/10/20/untitled-story/';
const comment = readerComment({
  articleUrl,
  author: 'Sam',
  text: 'Kinship carers in our area still wait months for any allowance from the council.',
  published: '2025-10-22T10:00:00Z',
  n: 7,
});
const digest = buildDigest({ period: week, items: [], comments: [comment], statuses: [], sources: SOURCES });

describe('readers’ responses to an article with no title', () => {
  it('show a short label once with the link at the terminal, never the address twice', () => {
    const text = digestText(digest);
    const line = text.split('\n').find((l) => l.includes(articleUrl))!;
    expect(line).toBe(`• Article on communitycare.co.uk <${articleUrl}> · 1 comment · raising Kinship care (1)`);
    expect(line.split(articleUrl)).toHaveLength(2);
  });

  it('link the short label on Discord', () => {
    const links = digestPayloads(digest)
      .flatMap((p) => (p.embeds ?? []).map((e) => e.description ?? ''))
      .flatMap((d) => readMarkdown(d).links);
    expect(links).toContainEqual({ label: 'Article on communitycare.co.uk', url: articleUrl });
    expect(links.some((link) => link.label.includes('://'))).toBe(false);
  });
});
