import { describe, expect, it } from 'vitest';
import { items } from '../commands/items.ts';
import { runCommand } from '../src/command-kit/run-command.ts';
import { stripControl } from '../src/render/markdown.ts';
import type { Item } from '../src/sources/item.ts';
import { normaliseEntry } from '../src/sources/normalise.ts';
import { renderText } from '../src/terminal/render-text.ts';
import { readMarkdown } from './helpers/markdown-links.ts';
import { member, trackerHarness } from './helpers/tracker-context.ts';

const ESC = '\u001b';

describe('terminal escape sequences in feed text', () => {
  it('are removed whole, not just their ESC: colours, screen clears, window titles', () => {
    expect(stripControl(`${ESC}[31mred${ESC}[0m`)).toBe('red');
    expect(stripControl(`a${ESC}[2J${ESC}[1;31;40mb${ESC}[?25lc`)).toBe('abc');
    // OSC, ended by BEL or by ESC \ (ST), e.g. a window title or a hyperlink.
    expect(stripControl(`a${ESC}]0;owned\u0007b`)).toBe('ab');
    expect(stripControl(`a${ESC}]8;;https://evil.example${ESC}\\b${ESC}]8;;${ESC}\\`)).toBe('ab');
    // Two-byte and charset sequences.
    expect(stripControl(`a${ESC}cb${ESC}(Bc${ESC}7d`)).toBe('abcd');
    // The one-character introducers of the C1 set.
    expect(stripControl('a\u009b2Jb\u009d0;owned\u009cc')).toBe('abc');
    // The other control characters, and bidi overrides, still go.
    expect(stripControl('a\u0007b\u0000c\u202ed\u2066e')).toBe('abcde');
    expect(stripControl('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });

  it('leave the text after an unfinished sequence readable, without its ESC', () => {
    expect(stripControl(`Council fined ${ESC}]0;care leavers`)).toBe('Council fined ]0;care leavers');
    expect(stripControl(`cut at the end ${ESC}[3`)).toBe('cut at the end ');
    expect(stripControl(`${ESC}`)).toBe('');
  });

  it('are removed in linear time however the feed is built', () => {
    const hostile = [
      `${ESC}[${'1;'.repeat(200_000)}`,
      `${ESC}]${'x'.repeat(400_000)}`,
      `${ESC}]`.repeat(200_000),
      `${ESC}[`.repeat(200_000),
      `${ESC}]0;${ESC}`.repeat(100_000),
    ];
    const started = performance.now();
    for (const text of hostile) expect(stripControl(text)).not.toContain(ESC);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('never show in a coloured title, on Discord or at the terminal', async () => {
    const { ctx } = await trackerHarness();
    const item = normaliseEntry(
      {
        link: 'https://www.communitycare.co.uk/2026/11/20/council-fined/',
        title: `Council fined ${ESC}[1;31mover${ESC}[0m care leavers${ESC}]0;owned\u0007`,
        published: '2026-11-20T09:00:00Z',
      },
      { sourceId: 'community-care', baseUrl: 'https://www.communitycare.co.uk/feed/', now: ctx.now() },
    ) as Item;
    await ctx.items.addNew([item]);
    const reply = await runCommand(items, ctx, { options: {}, user: member });
    const { links } = readMarkdown(reply.embeds![0]!.entries!.join('\n'));
    expect(links[0]!.label).toBe('Council fined over care leavers');
    expect(renderText(reply)).toContain(
      '• Council fined over care leavers <https://www.communitycare.co.uk/2026/11/20/council-fined/>',
    );
  });
});
