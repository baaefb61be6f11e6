import { describe, expect, it } from 'vitest';
import { items as itemsCommand } from '../commands/items.ts';
import { runCommand } from '../src/command-kit/run-command.ts';
import { buildDigest } from '../src/digest/build-digest.ts';
import { resolvePeriod } from '../src/digest/period.ts';
import { digestText } from '../src/digest/render-digest.ts';
import { alertBatches, alertPayloads } from '../src/jobs/alerts.ts';
import { renderText } from '../src/terminal/render-text.ts';
import { newsItem, SOURCES } from './helpers/digest-data.ts';
import { member, trackerHarness } from './helpers/tracker-context.ts';

// Monday 23 November 2026, late morning.
const now = new Date('2026-11-23T12:00:00Z');

// A story its source dated on Friday, and one from a source that gave no date, first seen an hour ago:
// its stored time is only when the bot fetched it, and must never be shown as when it was published.
const dated = newsItem({
  title: 'Kinship carers to get allowance in pilot, government announces',
  published: '2026-11-20T09:00:00Z',
  firstSeen: '2026-11-20T09:30:00Z',
});
const undated = newsItem({
  title: 'Councils say the kinship allowance pilot leaves special guardians waiting',
  url: 'https://www.communitycare.co.uk/news/kinship-allowance-councils/',
  published: '2026-11-23T11:00:00Z',
  publishedKnown: false,
  firstSeen: '2026-11-23T11:00:00Z',
});

async function harness() {
  const h = await trackerHarness({ now });
  h.ctx.sources = [
    { id: 'community-care', name: 'Community Care', kind: 'rss', url: 'https://example.com/feed/', enabled: true },
  ];
  await h.ctx.items.addNew([dated, undated]);
  return h;
}

/** The line of an answer (terminal text) that names this story. */
const lineOf = (text: string, story: { title: string }) =>
  text.split('\n').find((line) => line.includes(story.title.slice(0, 30))) ?? '';

describe('a story its source gave no date', () => {
  it('reads "undated" in /items, listed after the dated stories however recently it was fetched', async () => {
    const { ctx } = await harness();
    const reply = await runCommand(itemsCommand, ctx, { options: {}, user: member });
    const [first, second] = reply.embeds![0]!.entries!;
    expect(first).toContain('Kinship carers to get allowance');
    expect(first).toMatch(/: Community Care, 20 Nov 2026(\n|$)/);
    expect(second).toContain('Councils say the kinship allowance');
    expect(second).toMatch(/: Community Care, undated(\n|$)/);
    expect(renderText(reply)).not.toContain('23 Nov 2026');
  });

  it('reads "undated" among the latest news of a /recommendation answer', async () => {
    const { ctx, text } = await harness();
    expect(ctx.items.tagged('recommendation', 'kinship-allowance').map((i) => i.id)).toEqual([dated.id, undated.id]);
    const shown = await text('show', { key: 'kinship-allowance' });
    expect(lineOf(shown, dated)).toMatch(/: Community Care, 20 Nov 2026$/);
    expect(lineOf(shown, undated)).toMatch(/: Community Care, undated$/);
    expect(shown).not.toContain('23 Nov 2026');
  });

  it('reads "undated" in an alert', () => {
    const [batch] = alertBatches(
      [dated, undated],
      [{ guildId: '1', channelId: '2', kind: 'theme', key: 'kinship-care', by: 'Alice', at: now.toISOString() }],
    );
    const text = alertPayloads(batch!, () => 'Community Care')
      .flatMap((p) => (p.embeds ?? []).map((e) => e.description ?? ''))
      .join('\n');
    expect(lineOf(text, dated)).toMatch(/ · Community Care · 20 Nov 2026$/);
    expect(lineOf(text, undated)).toMatch(/ · Community Care · undated$/);
    expect(text).not.toContain('23 Nov 2026');
  });

  it('reads "undated" in a digest of the week it was first seen', () => {
    const digest = buildDigest({
      period: resolvePeriod({ kind: 'this-week' }, now),
      items: [dated, undated],
      comments: [],
      statuses: [],
      sources: SOURCES,
    });
    const text = digestText(digest);
    expect(lineOf(text, undated)).toMatch(/ · Community Care · undated$/);
    expect(text).not.toContain('Mon 23 Nov');
  });
});
