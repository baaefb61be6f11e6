import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { THEMES } from '../src/classify/themes.ts';
import { themeChoices, themeFromText } from '../src/command-kit/theme-names.ts';
import { bySubcommand } from '../src/command-kit/permissions.ts';
import { unresolvedName } from '../src/command-kit/typed-name.ts';
import type { CommandContext, CommandInput, CommandModule } from '../src/command-kit/types.ts';
import { UserFacingError } from '../src/errors.ts';
import { escapeText, markdownLink } from '../src/render/markdown.ts';
import { colours, type Reply } from '../src/render/reply.ts';
import { coverageText } from '../src/tracker/coverage.ts';
import { recommendationEmbed } from '../src/tracker/recommendation-embed.ts';
import { optionText } from '../src/tracker/moderator-input.ts';
import { pagedReply, type Section } from '../src/tracker/list-pages.ts';
import {
  PROGRESS,
  RESPONSES,
  type Axis,
  type Recommendation,
  type ProgressValue,
  type ResponseValue,
} from '../src/tracker/recommendations-schema.ts';
import {
  headingText,
  listLine,
  PROGRESS_LABELS,
  RESPONSE_LABELS,
  STATUS_MARK_LEGEND,
  statusColour,
  statusLines,
  timelineField,
} from '../src/tracker/present.ts';
import { isProgressValue, isResponseValue, type RecommendationStatus } from '../src/tracker/tracker.ts';
import { formatDate, plural, truncate } from '../src/util/format.ts';

const LATEST_ITEMS = 5;

const keyOption = {
  type: ApplicationCommandOptionType.String,
  name: 'key',
  description: 'Which recommendation (type a word: iro, pay scale, kinship…)',
  required: true,
  autocomplete: true,
  max_length: 100,
} as const;
const sourceUrlOption = {
  type: ApplicationCommandOptionType.String,
  name: 'source_url',
  description: 'Link to the source (http or https)',
  required: true,
  max_length: 500,
} as const;
const sourceTitleOption = {
  type: ApplicationCommandOptionType.String,
  name: 'source_title',
  description: 'Title of the source (defaults to its address)',
  max_length: 200,
} as const;

export const recommendation: CommandModule = {
  definition: {
    name: 'recommendation',
    description: "A care review recommendation: what it proposed, government's response and progress, and news",
    dm_permission: false,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: 'What the review proposed, its status with dated sources, responses and news',
        options: [keyOption],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: 'Every recommendation tracked, by theme, with its status at a glance',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'theme',
            description: 'Only this theme (type a word: kinship, fostering…)',
            autocomplete: true,
            max_length: 100,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'response',
            description: 'Only this government response',
            choices: RESPONSES.map((r) => ({ name: RESPONSE_LABELS[r], value: r })),
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'progress',
            description: 'Only this progress',
            choices: PROGRESS.map((p) => ({
              name: p === 'not-started' ? 'Not started, or none recorded' : PROGRESS_LABELS[p],
              value: p,
            })),
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'stale',
        description: 'Recommendations whose newest evidence is over 6 months old, oldest first, to check',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'update',
        description: 'Record a dated change of response or progress, with its source (editors)',
        options: [
          keyOption,
          {
            type: ApplicationCommandOptionType.String,
            name: 'axis',
            description: 'What changed',
            required: true,
            choices: [
              { name: 'Government response', value: 'response' },
              { name: 'Progress', value: 'progress' },
            ],
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'value',
            description: 'The new response or progress',
            required: true,
            choices: [
              ...RESPONSES.map((r) => ({ name: `Response: ${RESPONSE_LABELS[r]}`, value: r })),
              ...PROGRESS.map((p) => ({ name: `Progress: ${PROGRESS_LABELS[p]}`, value: p })),
            ],
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'summary',
            description: 'What happened, in a sentence',
            required: true,
            min_length: 5,
            max_length: 300,
          },
          sourceUrlOption,
          sourceTitleOption,
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Add a recommendation of the review that the tracker lacks, with its source (editors)',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'key',
            description: 'Short kebab-case name, e.g. youth-custody-phase-out',
            required: true,
            min_length: 3,
            max_length: 60,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'title',
            description: 'What it is, in a line',
            required: true,
            min_length: 5,
            max_length: 200,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'theme',
            description: 'The review theme it belongs to (type a word: kinship, fostering…)',
            required: true,
            autocomplete: true,
            max_length: 100,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'proposed',
            description: 'What the review proposed, in your own words',
            required: true,
            min_length: 10,
            max_length: 1000,
          },
          { ...sourceUrlOption, description: 'A source showing the review made it (http or https)' },
          {
            type: ApplicationCommandOptionType.String,
            name: 'aliases',
            description: 'Words people use for it, comma-separated: they find it and tag news to it',
            max_length: 300,
          },
          sourceTitleOption,
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'history',
        description: 'Updates recorded by moderators for a recommendation',
        options: [keyOption],
      },
    ],
  },
  // The tracker every server shows: reading it is for anyone, changing it for editors.
  requires: bySubcommand(
    { show: 'anyone', list: 'anyone', stale: 'anyone', update: 'editor', add: 'editor', history: 'anyone' },
    'show',
  ),

  async execute(ctx, input) {
    switch (input.subcommand ?? 'show') {
      case 'list':
        return list(ctx, input);
      case 'stale':
        return stale(ctx);
      case 'update':
        return update(ctx, input);
      case 'add':
        return add(ctx, input);
      case 'history':
        return history(ctx, input);
      default:
        return show(ctx, input);
    }
  },

  async autocomplete(ctx, input) {
    if (input.focused.name === 'theme') return themeChoices(input.focused.value);
    if (input.focused.name !== 'key') return [];
    return ctx.tracker.finder.search(input.focused.value, 25).map(({ recommendation: rec }) => ({
      name: truncate(`${rec.key}: ${headingText(rec.title)}`, 100),
      value: rec.key,
    }));
  },
};

/** The key a user meant: an exact key or alias, else (when `guess` allows) the one clear match. */
function resolveKey(ctx: CommandContext, raw: unknown, guess = false): { key: string; guessedFrom?: string } {
  const typed = optionText(raw).trim();
  const found = ctx.tracker.get(typed.toLowerCase());
  if (found) return { key: found.key };
  const resolution = ctx.tracker.finder.resolve(typed, guess);
  if (resolution.kind === 'exact') return { key: resolution.item.key };
  if (resolution.kind === 'clear') return { key: resolution.item.key, guessedFrom: typed };
  throw unresolvedName(typed, resolution, {
    noun: 'recommendation',
    describe: (r: Recommendation) => `${r.key} (${escapeText(r.title, 60)})`,
    otherwise: (closest) => (closest.length > 0 ? '' : 'Try /recommendation list.'),
  });
}

function show(ctx: CommandContext, input: CommandInput): Reply {
  const { key, guessedFrom } = resolveKey(ctx, input.options.key, true);
  const status = ctx.tracker.status(key)!;
  const names = new Map(ctx.sources.map((s) => [s.id, s.name]));
  const embed = recommendationEmbed(status, {
    now: ctx.now(),
    latest: ctx.items.tagged('recommendation', key, LATEST_ITEMS),
    sourceName: (id) => names.get(id) ?? id,
  });
  return {
    ...(guessedFrom
      ? { content: `Showing **${key}**, the one clear match for "${escapeText(guessedFrom, 60)}".` }
      : {}),
    embeds: [embed],
  };
}

function countBy<T extends string>(values: T[], labels: Record<T, string>): string {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return (
    (Object.keys(labels) as T[])
      .filter((k) => counts.has(k))
      .map((k) => `${labels[k]}: ${counts.get(k)}`)
      .join('\n') || 'None'
  );
}

function byTheme(statuses: RecommendationStatus[], line: (s: RecommendationStatus) => string): Section[] {
  return THEMES.map((theme) => ({
    name: theme,
    lines: statuses.filter((s) => s.recommendation.theme === theme).map(line),
  })).filter((s) => s.lines.length > 0);
}

function list(ctx: CommandContext, input: CommandInput): Reply {
  const filter = {
    theme: input.options.theme === undefined ? undefined : themeFromText(String(input.options.theme)),
    response: input.options.response as ResponseValue | undefined,
    progress: input.options.progress as ProgressValue | undefined,
  };
  if (filter.response && !isResponseValue(filter.response))
    throw new UserFacingError(
      `Unknown response "${escapeText(filter.response, 40)}". Use one of: ${RESPONSES.join(', ')}`,
    );
  if (filter.progress && !isProgressValue(filter.progress))
    throw new UserFacingError(
      `Unknown progress "${escapeText(filter.progress, 40)}". Use one of: ${PROGRESS.join(', ')}`,
    );
  const statuses = ctx.tracker.list(filter);
  const shown = Object.entries(filter)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const coverage = coverageText(ctx.tracker.coverage());
  if (statuses.length === 0) return { ephemeral: true, content: `No recommendations match ${shown}. ${coverage}` };
  const now = ctx.now();
  return pagedReply({
    title: `Care review recommendations${shown ? ` (${shown})` : ''}`,
    intro: `${coverage}\n${STATUS_MARK_LEGEND}. The date is the newest evidence.`,
    leading: [
      {
        name: 'By government response',
        value: countBy(
          statuses.map((s) => s.response.value),
          RESPONSE_LABELS,
        ),
        inline: true,
      },
      {
        name: 'By progress',
        value: countBy(
          statuses.map((s) => (s.progress.entry ? s.progress.value : 'none')),
          { ...PROGRESS_LABELS, none: 'None recorded' },
        ),
        inline: true,
      },
    ],
    sections: byTheme(statuses, (s) => listLine(s, now)),
    footer: `${plural(statuses.length, 'recommendation')}${shown ? ' shown' : ''} · /recommendation show key:<key> for the detail`,
    color: colours.neutral,
  });
}

function stale(ctx: CommandContext): Reply {
  const now = ctx.now();
  const statuses = ctx.tracker.stale(now);
  if (statuses.length === 0)
    return {
      ephemeral: true,
      content: 'Nothing is out of date: every recommendation has evidence from the last 6 months.',
    };
  return pagedReply({
    title: 'Recommendations to check: newest evidence over 6 months old',
    intro: `Oldest first. A moderator who finds something newer records it with /recommendation update; one who finds nothing can record that as "Response: No decision found", with what was searched as the source.`,
    sections: [{ name: 'Oldest evidence first', lines: statuses.map((s) => listLine(s, now)) }],
    footer: `${plural(statuses.length, 'recommendation')} of ${ctx.tracker.coverage().tracked} possibly out of date`,
    color: colours.pending,
  });
}

async function update(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const { key } = resolveKey(ctx, input.options.key);
  const axis = String(input.options.axis) as Axis;
  if (axis !== 'response' && axis !== 'progress') throw new UserFacingError('axis must be response or progress');
  const edit = await ctx.tracker.addEdit(key, {
    axis,
    value: String(input.options.value),
    summary: String(input.options.summary ?? ''),
    source: {
      title: input.options.source_title === undefined ? undefined : String(input.options.source_title),
      url: String(input.options.source_url ?? ''),
    },
    by: { id: input.user.id, name: input.user.name },
    at: ctx.now().toISOString(),
  });
  const status = ctx.tracker.status(key)!;
  return {
    embeds: [
      {
        title: `Recorded: ${headingText(status.recommendation.title)}`,
        color: statusColour(status),
        description: `${statusLines(status).join('\n')}\n\nAdded by ${escapeText(edit.by.name, 60)} on ${formatDate(edit.at)}. It stands until the data file records something newer.`,
        fields: [timelineField(status.timeline.find((e) => e.edit?.id === edit.id)!)],
      },
    ],
  };
}

async function add(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const addition = await ctx.tracker.addRecommendation({
    key: String(input.options.key ?? ''),
    title: String(input.options.title ?? ''),
    // A shared edit: filed under the theme named, never a guess from a word.
    theme: themeFromText(String(input.options.theme ?? ''), { guess: false }),
    proposed: String(input.options.proposed ?? ''),
    aliases: input.options.aliases === undefined ? undefined : String(input.options.aliases),
    source: {
      title: input.options.source_title === undefined ? undefined : String(input.options.source_title),
      url: String(input.options.source_url ?? ''),
    },
    by: { id: input.user.id, name: input.user.name },
    at: ctx.now().toISOString(),
  });
  const rec = addition.recommendation;
  return {
    embeds: [
      {
        title: `Added: ${headingText(rec.title)}`,
        color: colours.neutral,
        description: [
          `**${rec.key}** (theme ${rec.theme}) is now tracked, marked as added by a moderator. It is found by its key and by: ${rec.aliases.map((a) => escapeText(a, 60)).join(', ')}; news using those words is tagged to it.`,
          `Source: ${markdownLink(rec.timeline[0]!.source.title, rec.timeline[0]!.source.url, 90)}`,
          '',
          `Added by ${escapeText(addition.by.name, 60)} on ${formatDate(addition.at)}. Record the government's response with /recommendation update; \`care-review-bot export-edits\` carries it into the data file.`,
        ].join('\n'),
        footer: coverageText(ctx.tracker.coverage()),
      },
    ],
  };
}

function history(ctx: CommandContext, input: CommandInput): Reply {
  const { key } = resolveKey(ctx, input.options.key, true);
  const edits = ctx.tracker.history(key);
  const lines = edits.map(
    (e) =>
      `**${formatDate(e.at)}** ${escapeText(e.by.name, 60)}: ${e.axis} → ${e.axis === 'response' ? RESPONSE_LABELS[e.value as ResponseValue] : PROGRESS_LABELS[e.value as ProgressValue]}. ${escapeText(e.summary, 200)} ${markdownLink('source', e.source.url)}${e.fromProposal ? ` (approved proposal ${escapeText(e.fromProposal, 20)})` : ''}`,
  );
  if (lines.length === 0)
    return {
      ephemeral: true,
      content: `No moderator updates for ${key}. Its timeline comes from the data file: /recommendation show key:${key}`,
    };
  // Newest first, whole lines only, within one message.
  const kept: string[] = [];
  for (const line of lines) if (kept.join('\n').length + line.length < 3800) kept.push(line);
  if (kept.length < lines.length) kept.push(`…and ${lines.length - kept.length} older.`);
  return {
    embeds: [
      {
        title: `Updates to ${key}`,
        color: colours.neutral,
        description: kept.join('\n'),
        footer: `${plural(edits.length, 'update')} recorded by moderators`,
      },
    ],
  };
}
