import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { themeChoices, themeFromText } from '../src/command-kit/theme-names.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { periodChoices } from '../src/digest/period-choices.ts';
import { parsePeriodSpec, resolvePeriod, type PeriodSpec } from '../src/digest/period.ts';
import { digestPayloads, digestText } from '../src/digest/render-digest.ts';
import { composeDigest } from '../src/jobs/compose-digest.ts';
import { messageAsReply } from '../src/render/message-reply.ts';

const themeOption = {
  type: ApplicationCommandOptionType.String,
  name: 'theme',
  description: 'Only this theme (type a word: kinship, fostering…; default: all)',
  autocomplete: true,
  max_length: 100,
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
            autocomplete: true,
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
        description: "Next Monday's digest as it stands now (Manage Server)",
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
    const theme = input.options.theme === undefined ? undefined : themeFromText(String(input.options.theme));
    const spec: PeriodSpec =
      preview || input.options.period === undefined
        ? { kind: 'this-week' }
        : parsePeriodSpec(String(input.options.period));
    const period = resolvePeriod(spec, ctx.now(), ctx.config.TZ);
    const built = await composeDigest(
      { items: ctx.items, comments: ctx.comments, tracker: ctx.tracker, sources: ctx.sources },
      period,
      theme,
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

  async autocomplete(ctx, input) {
    if (input.focused.name === 'theme') return themeChoices(input.focused.value);
    if (input.focused.name === 'period') return periodChoices(input.focused.value, ctx.now(), ctx.config.TZ);
    return [];
  },
};
