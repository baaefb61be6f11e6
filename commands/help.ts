import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandModule } from '../src/command-kit/types.ts';
import { colours } from '../src/render/reply.ts';
import { coverageText } from '../src/tracker/coverage.ts';

const WHO_MAY =
  "What every server shares (the tracker, proposals and their decisions, the news sources) is changed only by the bot's editors: members with Manage Server, or the editor role, in the operator's editor server. Each server's own channels, alerts and public digests are for its members with Manage Server.";

export const help: CommandModule = {
  definition: {
    name: 'help',
    description: 'What this bot does and the commands it answers',
    dm_permission: false,
  },
  answersPrivately: true,
  requires: 'anyone',
  async execute(ctx, input) {
    const lines = ctx.commandList().map((command) => {
      const subs = (command.definition.options ?? [])
        .filter((o) => o.type === ApplicationCommandOptionType.Subcommand)
        .map((o) => o.name);
      return `**/${command.definition.name}**${subs.length ? ` (${subs.join(', ')})` : ''}: ${command.definition.description}`;
    });
    return {
      ephemeral: true,
      embeds: [
        {
          title: 'care-review-bot',
          color: colours.neutral,
          description: [
            "Follows England's Independent Review of Children's Social Care (May 2022) and what government has done with each recommendation since.",
            "It reads Community Care and BASW's Professional Social Work magazine, files each item under the review's themes and recommendations, and posts weekly digests.",
            `${coverageText(ctx.tracker.coverage())} Where our sources hold no government decision, the bot says so, with when they were last checked.`,
            '',
            ...lines,
            '',
            `**Who may change what.** ${WHO_MAY}${input.user.rights.editor ? ' You are an editor.' : ''}`,
          ].join('\n'),
        },
      ],
    };
  },
};
