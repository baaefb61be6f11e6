import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { THEMES, type Theme } from '../src/classify/themes.ts';
import type { CommandContext, CommandInput, CommandModule } from '../src/command-kit/types.ts';
import { UserFacingError } from '../src/errors.ts';
import { colours, type Reply, type ReplyField } from '../src/render/reply.ts';
import { PROGRESS, RESPONSES, type Axis, type ProgressValue, type ResponseValue } from '../src/tracker/recommendations-schema.ts';
import { axisLine, itemLine, PROGRESS_LABELS, RESPONSE_LABELS, sectorResponseLine, statusColour, timelineField } from '../src/tracker/present.ts';
import { isProgressValue, isResponseValue } from '../src/tracker/tracker.ts';
import { formatDate, plural, truncate } from '../src/util/format.ts';

const MAX_TIMELINE_FIELDS = 6;
const MAX_RESPONSES = 4;
const LATEST_ITEMS = 5;

const keyOption = { type: ApplicationCommandOptionType.String, name: 'key', description: 'Which recommendation (type a word: iro, pay scale, kinship…)', required: true, autocomplete: true } as const;

export const recommendation: CommandModule = {
  definition: {
    name: 'recommendation',
    description: "A care review recommendation: what it proposed, government's response and progress, and news",
    dm_permission: false,
    options: [
      { type: ApplicationCommandOptionType.Subcommand, name: 'show', description: 'What the review proposed, its status with dated sources, responses and news', options: [keyOption] },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: 'Every recommendation at a glance, with counts by response and progress',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'theme', description: 'Only this theme', choices: THEMES.map((t) => ({ name: t, value: t })) },
          { type: ApplicationCommandOptionType.String, name: 'response', description: "Only this government response", choices: RESPONSES.map((r) => ({ name: RESPONSE_LABELS[r], value: r })) },
          { type: ApplicationCommandOptionType.String, name: 'progress', description: 'Only this progress', choices: PROGRESS.map((p) => ({ name: PROGRESS_LABELS[p], value: p })) },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'update',
        description: 'Record a dated change of response or progress, with its source (Manage Server)',
        options: [
          keyOption,
          { type: ApplicationCommandOptionType.String, name: 'axis', description: 'What changed', required: true, choices: [{ name: 'Government response', value: 'response' }, { name: 'Progress', value: 'progress' }] },
          { type: ApplicationCommandOptionType.String, name: 'value', description: 'The new response or progress', required: true, choices: [...RESPONSES.map((r) => ({ name: `Response: ${RESPONSE_LABELS[r]}`, value: r })), ...PROGRESS.map((p) => ({ name: `Progress: ${PROGRESS_LABELS[p]}`, value: p }))] },
          { type: ApplicationCommandOptionType.String, name: 'summary', description: 'What happened, in a sentence', required: true, min_length: 5, max_length: 300 },
          { type: ApplicationCommandOptionType.String, name: 'source_url', description: 'Link to the source (http or https)', required: true, max_length: 500 },
          { type: ApplicationCommandOptionType.String, name: 'source_title', description: 'Title of the source (defaults to its address)', max_length: 200 },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'history', description: 'Updates recorded by moderators for a recommendation', options: [keyOption] },
    ],
  },

  async execute(ctx, input) {
    switch (input.subcommand ?? 'show') {
      case 'list':
        return list(ctx, input);
      case 'update':
        return update(ctx, input);
      case 'history':
        return history(ctx, input);
      default:
        return show(ctx, input);
    }
  },

  async autocomplete(ctx, input) {
    if (input.focused.name !== 'key') return [];
    return ctx.finder.search(input.focused.value, 25).map(({ recommendation: rec }) => ({ name: truncate(`${rec.key}: ${rec.title}`, 100), value: rec.key }));
  },
};

function resolveKey(ctx: CommandContext, raw: unknown): string {
  const typed = String(raw ?? '').trim();
  const found = ctx.tracker.get(typed.toLowerCase()) ?? ctx.finder.exact(typed);
  if (found) return found.key;
  const closest = ctx.finder.search(typed, 5);
  const suggestions = closest.length > 0 ? ` Did you mean: ${closest.map((m) => `${m.recommendation.key} (${truncate(m.recommendation.title, 60)})`).join('; ')}?` : ' Try /recommendation list.';
  throw new UserFacingError(`No recommendation "${truncate(typed, 60)}".${suggestions}`);
}

function show(ctx: CommandContext, input: CommandInput): Reply {
  const status = ctx.tracker.status(resolveKey(ctx, input.options.key))!;
  const rec = status.recommendation;
  const fields: ReplyField[] = status.timeline.slice(0, MAX_TIMELINE_FIELDS).map(timelineField);
  const older = status.timeline.length - MAX_TIMELINE_FIELDS;
  if (older > 0) fields.push({ name: 'Earlier', value: `${plural(older, 'earlier entry', 'earlier entries')}, back to ${formatDate(status.timeline.at(-1)!.date)}.` });

  const responses = rec.responses.slice(0, MAX_RESPONSES).map(sectorResponseLine);
  if (rec.responses.length > MAX_RESPONSES) responses.push(`…and ${rec.responses.length - MAX_RESPONSES} more.`);
  fields.push({ name: 'Sector responses', value: responses.length > 0 ? responses.join('\n') : 'None recorded yet.' });

  const names = new Map(ctx.sources.map((s) => [s.id, s.name]));
  const latest = ctx.items.tagged('recommendation', rec.key, LATEST_ITEMS);
  fields.push({
    name: `Latest news tagged ${rec.key}`,
    value: latest.length > 0 ? latest.map((item) => itemLine(item, names.get(item.sourceId) ?? item.sourceId)).join('\n') : 'No stored items are tagged to it yet.',
  });

  return {
    embeds: [
      {
        title: rec.title,
        color: statusColour(status),
        description: `**What the review proposed:** ${truncate(rec.proposed, 1200)}\n\n${axisLine(status)}`,
        fields,
        footer: `${rec.key} · theme ${rec.theme} · ${rec.review_ref} · confidence ${rec.confidence}`,
      },
    ],
  };
}

function countBy<T extends string>(values: T[], labels: Record<T, string>): string {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return (Object.keys(labels) as T[]).filter((k) => counts.has(k)).map((k) => `${labels[k]}: ${counts.get(k)}`).join('\n') || 'None';
}

function list(ctx: CommandContext, input: CommandInput): Reply {
  const filter = {
    theme: input.options.theme as Theme | undefined,
    response: input.options.response as ResponseValue | undefined,
    progress: input.options.progress as ProgressValue | undefined,
  };
  if (filter.theme && !THEMES.includes(filter.theme)) throw new UserFacingError(`Unknown theme "${filter.theme}". Themes: ${THEMES.join(', ')}`);
  if (filter.response && !isResponseValue(filter.response)) throw new UserFacingError(`Unknown response "${filter.response}". Use one of: ${RESPONSES.join(', ')}`);
  if (filter.progress && !isProgressValue(filter.progress)) throw new UserFacingError(`Unknown progress "${filter.progress}". Use one of: ${PROGRESS.join(', ')}`);
  const statuses = ctx.tracker.list(filter);
  const shown = Object.entries(filter).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ');
  if (statuses.length === 0) return { ephemeral: true, content: `No recommendations match ${shown}.` };
  const lines = statuses.map((s) => `**${s.recommendation.key}**: ${RESPONSE_LABELS[s.response.value]} · ${PROGRESS_LABELS[s.progress.value]}`);
  return {
    embeds: [
      {
        title: `Care review recommendations${shown ? ` (${shown})` : ''}`,
        color: colours.neutral,
        description: lines.join('\n'),
        fields: [
          { name: 'By government response', value: countBy(statuses.map((s) => s.response.value), RESPONSE_LABELS), inline: true },
          { name: 'By progress', value: countBy(statuses.map((s) => s.progress.value), PROGRESS_LABELS), inline: true },
        ],
        footer: `${plural(statuses.length, 'recommendation')} · /recommendation show key:<key> for the detail`,
      },
    ],
  };
}

async function update(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  if (!input.user.canManageGuild) {
    return { ephemeral: true, content: 'Only members with the Manage Server permission can record updates. Ask a moderator, with the source.' };
  }
  const key = resolveKey(ctx, input.options.key);
  const axis = String(input.options.axis) as Axis;
  if (axis !== 'response' && axis !== 'progress') throw new UserFacingError('axis must be response or progress');
  const url = String(input.options.source_url ?? '').trim();
  const edit = await ctx.tracker.addEdit(key, {
    axis,
    value: String(input.options.value) as ResponseValue | ProgressValue,
    summary: String(input.options.summary ?? ''),
    source: { title: String(input.options.source_title ?? '').trim() || url, url },
    by: { id: input.user.id, name: input.user.name },
    at: ctx.now().toISOString(),
  });
  const status = ctx.tracker.status(key)!;
  return {
    embeds: [
      {
        title: `Recorded: ${status.recommendation.title}`,
        color: statusColour(status),
        description: `${axisLine(status)}\n\nAdded by ${edit.by.name} on ${formatDate(edit.at)}. It stands until the data file records something newer.`,
        fields: [timelineField(status.timeline.find((e) => e.edit?.at === edit.at)!)],
      },
    ],
  };
}

function history(ctx: CommandContext, input: CommandInput): Reply {
  const key = resolveKey(ctx, input.options.key);
  const edits = ctx.tracker.history(key);
  if (edits.length === 0) return { ephemeral: true, content: `No moderator updates for ${key}. Its timeline comes from the data file: /recommendation show key:${key}` };
  const lines = edits.map((e) => `**${formatDate(e.at)}** ${e.by.name}: ${e.axis} → ${e.axis === 'response' ? RESPONSE_LABELS[e.value as ResponseValue] : PROGRESS_LABELS[e.value as ProgressValue]}. ${truncate(e.summary, 200)} [source](${e.source.url})`);
  return { embeds: [{ title: `Updates to ${key}`, color: colours.neutral, description: lines.join('\n'), footer: plural(edits.length, 'update') }] };
}
