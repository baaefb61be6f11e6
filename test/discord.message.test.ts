import { describe, expect, it } from 'vitest';
import { LIMITS, toDiscordMessage } from '../src/discord/to-discord-message.ts';
import { escapeText, markdownLink } from '../src/render/markdown.ts';
import { plainText } from '../src/terminal/render-text.ts';
import { messageProblems } from './helpers/fake-discord.ts';
import { readMarkdown } from './helpers/markdown-links.ts';

const link = (i: number) =>
  markdownLink(
    `Story number ${i} about kinship care and the [care review]`,
    `https://www.communitycare.co.uk/2024/05/01/story-${i}-about-kinship-care/`,
  );

/** Every link intact, no bracket left over, no escape split at the cut. */
function expectLinkSafe(markdown: string, expectedLinks?: number): void {
  const { links, strayBrackets } = readMarkdown(markdown);
  expect(strayBrackets, markdown.slice(-200)).toBe(0);
  expect(
    links.every((l) =>
      /^https:\/\/www\.communitycare\.co\.uk\/2024\/05\/01\/story-\d+-about-kinship-care\/$/.test(l.url),
    ),
  ).toBe(true);
  expect(/(^|[^\\])(\\\\)*\\…?$/.test(markdown.replace(/\n?…$/, ''))).toBe(false);
  if (expectedLinks !== undefined) expect(links.length).toBe(expectedLinks);
}

describe('cutting a message to Discord limits', () => {
  it('cuts a long description of lines at a whole line', () => {
    const description = Array.from({ length: 60 }, (_, i) => `• ${link(i)}: Community Care`).join('\n');
    const embed = toDiscordMessage({ embeds: [{ description }] }).embeds[0]!;
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.description!.endsWith('\n…')).toBe(true);
    const lines = embed.description!.split('\n').slice(0, -1);
    expect(lines.every((line) => line.endsWith(': Community Care'))).toBe(true);
    expectLinkSafe(embed.description!, lines.length);
  });

  it('never cuts inside a link, whatever the length, in one long paragraph', () => {
    for (let words = 0; words < 40; words++) {
      const description = `${'word '.repeat(words)}${Array.from({ length: 60 }, (_, i) => link(i)).join(' and ')}`;
      const embed = toDiscordMessage({ embeds: [{ description }] }).embeds[0]!;
      expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.description);
      expect(embed.description!.endsWith('…')).toBe(true);
      expectLinkSafe(embed.description!);
    }
  });

  it('never cuts inside a link in a field value or the content', () => {
    for (let words = 0; words < 20; words++) {
      const text = `${'word '.repeat(words)}${Array.from({ length: 30 }, (_, i) => link(i)).join(' · ')}`;
      const message = toDiscordMessage({
        content: text,
        embeds: [{ title: 'Responses', fields: [{ name: 'Sector responses', value: text }] }],
      });
      expect(messageProblems(message)).toEqual([]);
      expectLinkSafe(message.content!);
      expectLinkSafe(message.embeds[0]!.fields![0]!.value);
    }
  });

  it('never cuts an escape in two', () => {
    for (let words = 0; words < 10; words++) {
      const description = `${'w '.repeat(words)}${'\\*\\*'.repeat(2000)}`;
      const cut = toDiscordMessage({ embeds: [{ description }] }).embeds[0]!.description!;
      expect(cut.length).toBeLessThanOrEqual(LIMITS.description);
      expect(cut.replace(/…$/, '').replace(/\\[\s\S]/g, '')).not.toMatch(/\\/);
    }
  });

  it('keeps the 6,000-character total by shortening a description link-safely', () => {
    const description = Array.from({ length: 30 }, (_, i) => link(i)).join(' and ');
    const message = toDiscordMessage({ embeds: [{ description }, { description }] });
    expect(messageProblems(message)).toEqual([]);
    for (const embed of message.embeds) expectLinkSafe(embed.description!);
  });

  it('cuts a list between entries and says in the footer how many are shown', () => {
    const entries = Array.from(
      { length: 25 },
      (_, i) => `• ${link(i)}: Community Care\n  ↳ tagged kinship-care: 'kinship care' (title)`,
    );
    const message = toDiscordMessage({
      embeds: [
        { title: 'Latest items', entries, cutHint: 'use limit or source to narrow', footer: '240 items stored' },
      ],
    });
    expect(messageProblems(message)).toEqual([]);
    const embed = message.embeds[0]!;
    const shown = readMarkdown(embed.description!).links.length;
    expect(shown).toBeLessThan(25);
    expect(embed.description).toBe(entries.slice(0, shown).join('\n'));
    expect(embed.footer!.text).toBe(`Showing ${shown} of 25 — use limit or source to narrow · 240 items stored`);
  });
});

describe('escaped feed text at the terminal', () => {
  const hostile = [
    'Council fined](https://evil.example/login) [see guidance',
    'C:\\data\\*.csv and \\[not a link\\]',
    '**bold** __under__ ~~struck~~ ||spoiler|| `code` > quote',
    '# Heading\n- bullet\n1. numbered',
    '\u001b[2JScreen wiped \u001b]0;pwned\u0007 <@&123> @everyone',
  ];

  it('is inert on Discord: no link and no bare bracket of its own', () => {
    for (const text of hostile) {
      expect(readMarkdown(escapeText(text))).toEqual({ links: [], strayBrackets: 0 });
      expect(readMarkdown(markdownLink(text, 'https://news.example.org/a'))).toEqual({
        links: [{ label: expect.any(String), url: 'https://news.example.org/a' }],
        strayBrackets: 0,
      });
    }
  });

  it('reads as it was written, with the link after it and no control characters', () => {
    for (const text of hostile) {
      // Escape sequences go whole (`ESC [2J`, `ESC ]0;pwned BEL`), then any other control character.
      const written = text
        .replace(/\u001b\[[0-9;]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g, '')
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      expect(plainText(escapeText(text))).toBe(written);
      expect(plainText(`• ${markdownLink(text, 'https://news.example.org/a')}: News`)).toBe(
        `• ${written} <https://news.example.org/a>: News`,
      );
    }
  });
});
