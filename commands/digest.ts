import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { THEMES, type Theme } from '../src/classify/themes.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { parsePeriodSpec, resolvePeriod, type PeriodSpec } from '../src/digest/period.ts';
import { digestPayloads, digestText } from '../src/digest/render-digest.ts';
import { UserFacingError } from '../src/errors.ts';
import { composeDigest } from '../src/jobs/compose-digest.ts';
import { messageAsReply } from '../src/render/message-reply.ts';

const themeOption = {
  type: ApplicationCommandOptionType.String,
  name: 'theme',
  description: 'Only this theme',
  choices: THEMES.map((t) => ({ name: t, value: t })),
} as const;

export const digest: CommandModule = {
  definition: {
    name: 'digest',
    description: 'The care review digest on demand: this week, last week or the last N days',
    dm_permission: false,
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: 'A digest of a period (private unless public:true, which needs Manage Server)',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'period',
            description: 'this week, last week, last 14 days, or 2026-11-01..2026-11-15 (default: this week)',
            max_length: 40,
          },
          themeOption,
          {
            type: ApplicationCommandOptionType.Boolean,
            name: 'public',
            description: 'Post it in the channel for everyone (Manage Server)',
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'preview',
        description: "Next Monday's digest as it stands now (moderators)",
      },
    ],
  },
  answersPrivately: (input) => input.options.public !== true,
  requires: (input) =>
    input.subcommand === 'preview'
      ? 'manager'
      : input.options.public === true
        ? { right: 'manager', action: 'post a digest for everyone; leave out public to see it yourself' }
        : 'anyone',

  async execute(ctx, input) {
    const preview = input.subcommand === 'preview';
    const wantsPublic = input.options.public === true;
    const theme = input.options.theme === undefined ? undefined : String(input.options.theme);
    if (theme !== undefined && !(THEMES as readonly string[]).includes(theme))
      throw new UserFacingError(`Unknown theme "${theme.slice(0, 40)}". Themes: ${THEMES.join(', ')}`);
    const spec: PeriodSpec =
      preview || input.options.period === undefined
        ? { kind: 'this-week' }
        : parsePeriodSpec(String(input.options.period));
    const period = resolvePeriod(spec, ctx.now(), ctx.config.TZ);
    const built = await composeDigest(
      { items: ctx.items, comments: ctx.comments, tracker: ctx.tracker, sources: ctx.sources },
      period,
      theme as Theme | undefined,
    );
    const [first, ...rest] = digestPayloads(built).map(messageAsReply);
    const note = preview
      ? 'Preview: the weekly digest as it stands now; it is posted for the week when the week is over.'
      : undefined;
    return {
      ...first,
      ...(note ? { content: note } : {}),
      more: rest,
      ephemeral: !wantsPublic,
      text: `${note ? `${note}\n\n` : ''}${digestText(built)}`,
    };
  },
};
