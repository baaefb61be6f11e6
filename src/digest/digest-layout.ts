import { colours } from '../render/reply.ts';
import type { Block, Line, Section, Span } from '../render/rich-text.ts';
import { formatDate, plural, storyDate } from '../util/format.ts';
import type { ArticleResponses, Digest, StatusChange, Story } from './digest-model.ts';

const TITLE_MAX = 200;
const SUMMARY_MAX = 300;
const WHY_MAX = 120;
/** Other tellings of a story shown as links; the rest are counted. */
const MAX_OTHER_LINKS = 3;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Tue 21 Oct": an instant on the calendar of `zone`, or a calendar date (YYYY-MM-DD) as it is. */
function shortDate(iso: string, zone: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const timeZone = dateOnly ? 'UTC' : zone;
  let format = formatters.get(timeZone);
  if (!format)
    formatters.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone })),
    );
  const time = Date.parse(dateOnly ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(time) ? iso : format.format(time);
}

export function digestTitle(digest: Digest): string {
  return `Care review digest${digest.theme ? `: ${digest.theme.label}` : ''} · ${digest.period.label}`;
}

function joinWithDots(parts: Span[][]): Line {
  return parts.flatMap((part, i) => (i === 0 ? part : [{ text: ' · ' }, ...part]));
}

function countsLine(digest: Digest): Line {
  const c = digest.counts;
  const parts: Span[][] = [];
  parts.push([
    { strong: String(c.stories) },
    {
      text: ` ${c.stories === 1 ? 'story' : 'stories'} on the review${c.retold > 0 ? ` (${c.retold} told more than once)` : ''}`,
    },
  ]);
  parts.push([
    { strong: String(c.statusChanges) },
    { text: ` status ${c.statusChanges === 1 ? 'change' : 'changes'}` },
  ]);
  parts.push([
    { strong: String(c.statements) },
    { text: ` sector ${c.statements === 1 ? 'statement' : 'statements'}` },
  ]);
  parts.push([
    { strong: String(c.comments) },
    {
      text: ` reader ${c.comments === 1 ? 'comment' : 'comments'}${c.commentedArticles > 0 ? ` on ${plural(c.commentedArticles, 'article')}` : ''}`,
    },
  ]);
  parts.push([
    { strong: String(c.otherNews) },
    { text: ` other social work ${c.otherNews === 1 ? 'story' : 'stories'}` },
  ]);
  return joinWithDots(parts);
}

function otherReadings(change: StatusChange): string {
  const others = change.otherReadings ?? [];
  if (others.length === 0) return '';
  const labels = others.map((o) => o.label.toLowerCase()).join(' or ');
  const who = others.every((o) => o.sameSource) ? 'another entry citing the same source' : 'another source';
  return ` (${who} reads it as ${labels})`;
}

function statusBlock(change: StatusChange, zone: string, firstDay: string): Block {
  // An update recorded late, dated before the period, names its year: "2 Feb 2023", not "Thu 2 Feb".
  const when = change.date < firstDay ? formatDate(change.date) : shortDate(change.date, zone);
  const axis =
    change.axis === 'response' ? 'Response' : change.instead ? 'Progress on what was done instead' : 'Progress';
  const source: Line = [{ text: 'Source: ' }, { link: change.source.title, url: change.source.url, max: 120 }];
  if (change.recordedBy) source.push({ text: ' · recorded by ' }, { feed: change.recordedBy.name, max: 60 });
  return {
    lines: [
      [
        { strong: change.recommendation.title },
        { text: ` · ${axis}: ${change.label} · ${when}${otherReadings(change)}` },
      ],
      [{ feed: change.summary, max: SUMMARY_MAX }],
      source,
    ],
  };
}

function storyLines(story: Story, zone: string): Line[] {
  const [lead, ...others] = story.links;
  const lines: Line[] = [
    [
      { text: '• ' },
      { link: lead!.title, url: lead!.url, max: TITLE_MAX },
      { text: ' · ' },
      { feed: lead!.sourceName, max: 60 },
      { text: ` · ${storyDate(lead!, (iso) => shortDate(iso, zone))}` },
    ],
  ];
  if (others.length > 0) {
    const also: Span[][] = others
      .slice(0, MAX_OTHER_LINKS)
      .map((link) => [
        { link: link.sourceName, url: link.url, max: 60 },
        { text: ` ${storyDate(link, (iso) => shortDate(iso, zone))}` },
      ]);
    const more = others.length - MAX_OTHER_LINKS;
    lines.push([
      { text: 'also told by ' },
      ...joinWithDots(also),
      ...(more > 0 ? [{ text: ` and ${more} more times` }] : []),
    ]);
  }
  return lines;
}

function storyBlock(story: Story, zone: string): Block {
  const lines = storyLines(story, zone);
  const detail: Span[][] = [];
  if (story.recommendations.length > 0)
    detail.push([{ text: `recommendations: ${story.recommendations.map((r) => r.key).join(', ')}` }]);
  if (story.why.length > 0) detail.push([{ text: 'why: ' }, { feed: story.why.join(', '), max: WHY_MAX }]);
  if (detail.length > 0) lines.push([{ text: '↳ ' }, ...joinWithDots(detail)]);
  return { lines };
}

function statementBlock(story: Story, zone: string): Block {
  const lines = storyLines(story, zone);
  lines[0]!.splice(1, 0, { strong: story.statement!.body }, { text: ': ' });
  return { lines };
}

function readerBlock(responses: ArticleResponses): Block {
  const head: Line = [
    { text: '• ' },
    { link: responses.article.title, url: responses.article.url, max: TITLE_MAX },
    { text: ` · ${plural(responses.count, 'comment')}` },
  ];
  if (responses.themes.length > 0)
    head.push({ text: ` · raising ${responses.themes.map((t) => `${t.label} (${t.comments})`).join(', ')}` });
  const quotes: Line[] = responses.excerpts.map((e) => [
    { text: '> “' },
    { feed: e.text },
    { text: '” — ' },
    e.url ? { link: e.author, url: e.url, max: 80 } : { feed: e.author, max: 80 },
  ]);
  return { lines: [head, ...quotes] };
}

/**
 * A digest as sections of rich text, in the order members read it: header with counts, status
 * changes, news by theme, responses (statements, then readers' comments) and other news. A quiet
 * period is one short section.
 */
export function digestSections(digest: Digest): Section[] {
  const zone = digest.period.zone;
  const title = digestTitle(digest);
  if (digest.quiet) {
    const other = digest.counts.otherNews;
    return [
      {
        title,
        colour: colours.muted,
        blocks: [
          {
            lines: [
              [
                {
                  text: `A quiet ${digest.period.kind.endsWith('week') ? 'week' : 'period'} on the care review: no news, status changes or responses${digest.theme ? ` on ${digest.theme.label.toLowerCase()}` : ''}.${other > 0 ? ` ${plural(other, 'other social work story', 'other social work stories')}.` : ''}`,
                },
              ],
            ],
          },
        ],
      },
    ];
  }
  const sections: Section[] = [{ title, colour: colours.neutral, blocks: [{ lines: [countsLine(digest)] }] }];
  if (digest.statusChanges.length > 0) {
    sections.push({
      title: 'Status changes',
      colour: colours.progress,
      blocks: digest.statusChanges.map((c) => statusBlock(c, zone, digest.period.firstDay)),
    });
  }
  for (const section of digest.news) {
    const blocks = section.stories.map((s) => storyBlock(s, zone));
    if (section.more > 0)
      blocks.push({
        lines: [
          [{ text: `…and ${plural(section.more, 'more story', 'more stories')} on ${section.label.toLowerCase()}.` }],
        ],
      });
    sections.push({
      title: `News · ${section.label} (${section.stories.length + section.more})`,
      colour: colours.neutral,
      blocks,
    });
  }
  if (digest.statements.length > 0) {
    sections.push({
      title: 'Responses · sector statements',
      colour: colours.pending,
      blocks: digest.statements.map((s) => statementBlock(s, zone)),
    });
  }
  if (digest.readerResponses.length > 0) {
    const blocks = digest.readerResponses.map(readerBlock);
    const more = digest.moreResponses;
    if (more.articles > 0)
      blocks.push({
        lines: [[{ text: `…and ${plural(more.comments, 'comment')} on ${plural(more.articles, 'other article')}.` }]],
      });
    sections.push({ title: 'Responses · what readers said', colour: colours.pending, blocks });
  }
  if (digest.counts.otherNews > 0) {
    sections.push({
      title: 'Other social work news',
      colour: colours.muted,
      blocks: [{ lines: [[{ text: `${plural(digest.counts.otherNews, 'story', 'stories')} not about the review.` }]] }],
    });
  }
  return sections;
}
