import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { bySubcommand } from '../src/command-kit/permissions.ts';
import type { CommandContext, CommandInput, CommandModule } from '../src/command-kit/types.ts';
import { UserFacingError } from '../src/errors.ts';
import { escapeText, safeUrl } from '../src/render/markdown.ts';
import { colours, type Reply } from '../src/render/reply.ts';
import { FeedCheckError, MAX_URL_LENGTH } from '../src/sources/check-feed.ts';
import { MAX_NAME_LENGTH, type FeedAdmin } from '../src/sources/feed-admin.ts';
import type { RegisteredSource } from '../src/sources/source-registry.ts';
import type { FeedState } from '../src/store/feed-state-store.ts';
import { formatDate, plural } from '../src/util/format.ts';

const MAX_ID_LENGTH = 100;

const urlOption = {
  type: ApplicationCommandOptionType.String,
  name: 'url',
  description: 'The feed, or a news page that advertises one (http or https)',
  required: true,
  max_length: MAX_URL_LENGTH,
} as const;
const idOption = {
  type: ApplicationCommandOptionType.String,
  name: 'id',
  description: 'The source (see /feeds list)',
  required: true,
  autocomplete: true,
  max_length: MAX_ID_LENGTH,
} as const;

function admin(ctx: CommandContext): FeedAdmin {
  if (!ctx.feedAdmin) throw new UserFacingError('Feed administration is not available here.');
  return ctx.feedAdmin;
}

function text(input: CommandInput, name: string, max: number, what: string): string {
  const value = String(input.options[name] ?? '').trim();
  if (value.length > max)
    throw new UserFacingError(
      `That ${what} is ${value.length.toLocaleString('en-GB')} characters long; the limit is ${max.toLocaleString('en-GB')}.`,
    );
  return value;
}

/** A feed's address, linked without a preview (`<url>`), or shown as escaped text when it is not a safe link. */
function address(url: string): string {
  const safe = safeUrl(url);
  return safe ? `<${safe}>` : escapeText(url, 200);
}

const named = ({ source }: RegisteredSource) => `**${escapeText(source.name, MAX_NAME_LENGTH)}** (\`${source.id}\`)`;
const unknown = (ctx: CommandContext, id: string): Reply => ({
  ephemeral: true,
  failed: true,
  content: `Unknown source "${escapeText(id, 60)}". Sources: ${ctx.sources.map((s) => s.id).join(', ')}.`,
});

function describeState(entry: RegisteredSource, state: FeedState | undefined, now: Date): string {
  const { source, record } = entry;
  if (record?.removed)
    return `removed by ${escapeText(record.removed.by, 60)} on ${formatDate(record.removed.at)}; not polled`;
  if (!source.enabled) return 'switched off in the sources file';
  if (state?.pausedAt)
    return `**paused** since ${formatDate(state.pausedAt)} after ${plural(state.failures, 'failure')} in a row: ${escapeText(state.lastError ?? 'unknown error', 200)}`;
  if (state?.nextAttemptAt && Date.parse(state.nextAttemptAt) > now.getTime())
    return `backing off after ${plural(state.failures, 'failure')} (${escapeText(state.lastError ?? 'unknown error', 200)})`;
  if (state?.lastSuccessAt) return `read ${formatDate(state.lastSuccessAt)}${state.via ? ` via ${state.via}` : ''}`;
  return 'not polled yet';
}

async function list(ctx: CommandContext): Promise<Reply> {
  const now = ctx.now();
  const rows = await admin(ctx).overview();
  const entries = rows.map(({ entry, state }) => {
    const origin =
      entry.origin === 'file'
        ? 'sources file'
        : `added by ${escapeText(entry.record!.added!.by, 60)} on ${formatDate(entry.record!.added!.at)}`;
    return `• ${named(entry)}: ${describeState(entry, state, now)}\n  ${entry.source.kind}, ${origin}: ${address(entry.source.url)}`;
  });
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'News sources',
        color: colours.neutral,
        entries,
        cutHint: 'remove sources you no longer need',
        footer: '/feeds add url name · /feeds remove id · /feeds resume id · /feeds test url',
      },
    ],
  };
}

function sample(titles: string[]): string {
  return titles.length > 0 ? titles.map((t) => `• ${escapeText(t, 150)}`).join('\n') : '(no items in it yet)';
}

async function test(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const checked = await admin(ctx).test(text(input, 'url', MAX_URL_LENGTH, 'URL'));
  const where = checked.pageUrl
    ? `The page advertises a feed, ${address(checked.feedUrl)}, which reads`
    : `${address(checked.feedUrl)} reads`;
  return {
    ephemeral: true,
    content: `${where} as a feed with ${plural(checked.entries.length, 'item')}. The first:\n${sample(checked.titles)}\nNothing was stored; /feeds add adds it.`,
  };
}

async function add(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const url = text(input, 'url', MAX_URL_LENGTH, 'URL');
  const name = text(input, 'name', MAX_NAME_LENGTH, 'name');
  const { source, checked } = await admin(ctx).add(url, name, input.user.name);
  const found = checked.pageUrl ? ' (the feed the page advertises)' : '';
  return {
    ephemeral: true,
    content: [
      `Added **${escapeText(source.name, MAX_NAME_LENGTH)}** as \`${source.id}\`: ${address(source.url)}${found}.`,
      `Its ${plural(checked.entries.length, 'current item')} are stored quietly at the next poll and never announced; stories that appear after that are new. The first:`,
      sample(checked.titles),
      `/feeds remove ${source.id} stops it.`,
    ].join('\n'),
  };
}

async function remove(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const id = text(input, 'id', MAX_ID_LENGTH, 'id');
  const result = await admin(ctx).remove(id, input.user.name);
  switch (result.kind) {
    case 'unknown':
      return unknown(ctx, id);
    case 'already-off':
      return { ephemeral: true, content: `${named(result.entry)} is not polled already.` };
    case 'removed':
      return {
        ephemeral: true,
        content: `Removed ${named(result.entry)}: it is no longer polled. Its stored items are kept; /feeds resume ${id} polls it again.`,
      };
    case 'disabled':
      return {
        ephemeral: true,
        content: `${named(result.entry)} comes from the sources file, which is not edited: it is now disabled in the bot's store, so no instance polls it. Its stored items are kept; /feeds resume ${id} enables it again.`,
      };
  }
}

async function resume(ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const id = text(input, 'id', MAX_ID_LENGTH, 'id');
  const result = await admin(ctx).resume(id);
  switch (result.kind) {
    case 'unknown':
      return unknown(ctx, id);
    case 'disabled-in-file':
      return {
        ephemeral: true,
        failed: true,
        content: `${named(result.entry)} is switched off in the sources file (enabled: false); only the file can switch it on.`,
      };
    case 'resumed': {
      const what = result.wasRemoved
        ? 'is a source again'
        : result.wasPaused
          ? 'is resumed'
          : result.wasBackingOff
            ? 'stops backing off'
            : 'was not paused; its failure count is cleared anyway, and it';
      return {
        ephemeral: true,
        content: `${named(result.entry)} ${what}: it is polled at the next poll (\`${ctx.config.POLL_CRON}\`), from a clean failure count.`,
      };
    }
  }
}

const handlers: Record<string, (ctx: CommandContext, input: CommandInput) => Promise<Reply>> = {
  list,
  add,
  remove,
  test,
  resume,
};

export const feeds: CommandModule = {
  definition: {
    name: 'feeds',
    description: 'The news sources every server reads: list (Manage Server); add, remove, test, resume (editors)',
    dm_permission: false,
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: 'Every source, where it comes from, and how it is doing',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Check a feed and poll it from now on',
        options: [
          urlOption,
          {
            type: ApplicationCommandOptionType.String,
            name: 'name',
            description: 'What to call it',
            required: true,
            max_length: MAX_NAME_LENGTH,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Stop polling a source (its stored items are kept)',
        options: [idOption],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'test',
        description: 'Check a feed and show its first titles, storing nothing',
        options: [urlOption],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'resume',
        description: 'Poll a paused or removed source again',
        options: [idOption],
      },
    ],
  },
  answersPrivately: true,
  // The sources are shared: changing them, or making the bot fetch an address to test, is for editors.
  requires: bySubcommand({ list: 'admin', add: 'editor', remove: 'editor', test: 'editor', resume: 'editor' }, 'list'),
  async execute(ctx, input) {
    const handler = handlers[input.subcommand ?? 'list'];
    if (!handler) throw new UserFacingError(`Unknown subcommand "${escapeText(input.subcommand ?? '', 40)}".`);
    try {
      return await handler(ctx, input);
    } catch (error) {
      // A check's reason may quote the page or the feed: shown escaped.
      if (error instanceof FeedCheckError) return { ephemeral: true, failed: true, content: escapeText(error.message) };
      throw error;
    }
  },
  async autocomplete(ctx, input) {
    if (input.focused.name !== 'id') return [];
    const typed = input.focused.value.toLowerCase();
    return ctx.sources
      .filter((s) => s.id.includes(typed) || s.name.toLowerCase().includes(typed))
      .slice(0, 25)
      .map((s) => ({ name: `${s.name} (${s.id})`.slice(0, 100), value: s.id }));
  },
};
