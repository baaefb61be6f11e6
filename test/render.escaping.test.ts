import { describe, expect, it } from 'vitest';
import { alertBatches, alertPayloads } from '../src/jobs/alerts.ts';
import { escapeText, markdownLink } from '../src/render/markdown.ts';
import { plainText } from '../src/terminal/render-text.ts';
import { readMarkdown, unescapeMarkdown } from './helpers/markdown-links.ts';
import { proposalHarness, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

const cases: Array<[string, RegExp]> = [
  ['Council fined, guidance at https://evil.example/login', /(^|[^\\<])https?:\/\//],
  ['<https://evil.example/login>', /<https?:\/\//],
  ['-# tiny print under the headline', /^-# /],
  ['> Government accepts every recommendation', /^> /],
  ['Moderators <@&123456789012345678> please approve', /<@&\d+>/],
  ['Alice <@123456789012345678> and <@!123456789012345678> agree', /<@!?\d+>/],
  ['Click </approve:123456789012345678> now', /<\/\w+:\d+>/],
  ['See <#123456789012345678>, <t:1700000000:R> and <:party:123456789012345678>', /<(#\d|t:\d|:\w)/],
];

/**
 * What Discord would render live in `markdown` from feed or user text (whose addresses are all on
 * evil.example), once the links the bot made itself (to stories and sources) are set aside.
 */
function liveConstructs(markdown: string): string[] {
  const live: string[] = [];
  let rest = markdown;
  for (const link of readMarkdown(markdown).links) {
    if (link.url.includes('evil.example')) live.push(`link to ${link.url}`);
    else rest = rest.split(`](${link.url})`).join('](bot link)');
  }
  // An escaped character shows as itself and starts nothing.
  rest = rest.replace(/\\[!-/:-@[-`{-~]/g, '§');
  for (const m of rest.matchAll(/https?:\/\/\S+|<[@#/:]\S*|<\w+:\S*/g)) live.push(m[0]);
  for (const line of rest.split('\n')) if (/^\s*(-# |> (Government|Ministers|Source))/.test(line)) live.push(line);
  return live;
}

/** Every markdown string of a reply or payload (not links' targets, ids or the terminal's plain text). */
function markdownOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(markdownOf);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) =>
      ['url', 'custom_id', 'nonce', 'text'].includes(key) ? [] : markdownOf(v),
    );
  return [];
}

describe('feed and user text in Discord markdown', () => {
  it('shows as text, never as a link, quote, subtext or mention', () => {
    const live: string[] = [];
    for (const [text, construct] of cases) {
      const out = escapeText(text);
      if (construct.test(out)) live.push(out);
      // It still reads as written, in Discord and at the terminal.
      expect(unescapeMarkdown(out)).toBe(text);
      expect(plainText(out)).toBe(text);
    }
    expect(live).toEqual([]);
  });

  it('cannot carry a second link inside a masked link’s label', () => {
    const url = 'https://www.communitycare.co.uk/2026/11/20/story-title/?utm=x&y=1';
    for (const label of [
      'Read https://evil.example/login for details',
      'Read <https://evil.example/login> for details',
      'Read [this](https://evil.example/login) for details',
      'Read ](https://evil.example/login) for details',
    ]) {
      const link = markdownLink(label, url);
      expect(readMarkdown(link).links).toEqual([{ label, url }]);
      expect(liveConstructs(link)).toEqual([]);
    }
  });

  it('leaves ordinary text as it is, and links the bot makes as they are', () => {
    for (const text of [
      "Children's social care: £5m for 12 councils",
      'Ofsted’s well-being check-ins – a year on',
      'Meeting at 10:30 on 2 June; 3 in 10 councils; 50% of IROs',
      'Q&A: what the review means for kinship carers',
      'Care leavers aged 18-25 "left behind", says charity',
    ])
      expect(escapeText(text)).toBe(text);
    expect(markdownLink('Story', 'https://www.gov.uk/government/news/kinship-allowance')).toBe(
      '[Story](https://www.gov.uk/government/news/kinship-allowance)',
    );
  });
});

// Everything Discord could make live, in one feed or user text.
const HOSTILE =
  'see https://evil.example/a <https://evil.example/b> <@&123456789012345678> <@123456789012345678> </approve:123456789012345678> <#123456789012345678> [click](https://evil.example/c)';

describe('every reply and post that shows feed or user text', () => {
  it('keeps it inert: digest, /items, /recommendation, proposals and alerts', async () => {
    const h = await proposalHarness();
    await h.settings.setChannel({
      guildId: '100000000000000001',
      name: 'review-channel',
      value: '200000000000000001',
      by: 'Alice',
      at: h.now.toISOString(),
    });
    const story = scrapsKinshipAllowance({
      title: `> Government scraps plan to pay kinship carers an allowance ${HOSTILE}`,
      summary: `-# Ministers have dropped plans for a national allowance for kinship carers. ${HOSTILE}`,
      published: '2026-11-18T09:30:00Z',
    });
    await h.items.addNew([story]);
    await h.propose([story]);
    const sourceUrl = 'https://www.gov.uk/government/news/kinship';
    await h.tracker.addEdit('foster-carer-recruitment', {
      axis: 'progress',
      value: 'planned',
      summary: `> Ministers set out plans. ${HOSTILE}`,
      source: { title: `-# Source ${HOSTILE}`.slice(0, 200), url: sourceUrl },
      by: { id: '1', name: `Alice <@&123456789012345678> https://evil.example/d` },
      at: '2026-11-19T10:00:00Z',
    });
    const outputs: Array<[string, unknown]> = [
      ['proposal message', (await h.outbox.pending()).flatMap((e) => e.parts.map((p) => p.message))],
      ['/proposals', await h.command('proposals', undefined)],
      ['/items', await h.command('items', undefined)],
      ['/recommendation show', await h.command('recommendation', 'show', { key: 'kinship-allowance' })],
      ['/recommendation show (update)', await h.command('recommendation', 'show', { key: 'foster-carer-recruitment' })],
      ['/recommendation history', await h.command('recommendation', 'history', { key: 'foster-carer-recruitment' })],
      ['/digest', await h.command('digest', 'show', { period: 'last week' })],
      [
        'alert',
        alertBatches(
          [story],
          [{ guildId: '1', channelId: '2', kind: 'theme', key: 'kinship-care', by: 'Alice', at: h.now.toISOString() }],
        ).flatMap((batch) => alertPayloads(batch, () => `Community Care ${HOSTILE}`)),
      ],
    ];
    for (const [where, output] of outputs) {
      const texts = markdownOf(output);
      expect(texts.join('\n'), where).toContain('kinship');
      expect(
        texts.flatMap((text) => liveConstructs(text)),
        where,
      ).toEqual([]);
    }
    // The feed text itself is shown: the story in the digest, the update's summary in its timeline.
    expect(markdownOf(outputs[6]![1]).join('\n')).toContain('Government scraps plan');
    expect(markdownOf(outputs[4]![1]).join('\n')).toContain('Ministers set out plans');
  });
});
