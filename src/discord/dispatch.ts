import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import { authorityOf } from '../command-kit/permissions.ts';
import { reportFailure } from '../command-kit/report-failure.ts';
import { answersPrivately, runAutocomplete, runCommand } from '../command-kit/run-command.ts';
import type { CommandContext, CommandInput, CommandModule, OptionValue } from '../command-kit/types.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Reply } from '../render/reply.ts';
import { callerOf } from './caller.ts';
import { sendAnswer } from './send-answer.ts';
import { EPHEMERAL_FLAG, fitChoices, toDiscordMessage, type DiscordMessage } from './to-discord-message.ts';

/** Discord drops an interaction not answered within 3 s; past this, defer and answer later. */
export const DEFER_AFTER_MS = 2_000;

interface CollectedOptions {
  subcommand?: string;
  values: Record<string, OptionValue>;
  /** The server of each channel option's channel, as discord.js resolved it. */
  channelGuilds: Record<string, string>;
}

function collectOptions(options: readonly CommandInteractionOption[]): CollectedOptions {
  const collected: CollectedOptions = { values: {}, channelGuilds: {} };
  for (const option of options) {
    if (option.options) {
      const inner = collectOptions(option.options);
      collected.subcommand = option.name;
      Object.assign(collected.values, inner.values);
      Object.assign(collected.channelGuilds, inner.channelGuilds);
    } else if (option.value !== undefined && option.value !== null) {
      collected.values[option.name] = option.value;
      const guildId = option.channel && 'guildId' in option.channel ? option.channel.guildId : undefined;
      if (guildId) collected.channelGuilds[option.name] = guildId;
    }
  }
  return collected;
}

/** The input a command sees, with the caller's rights worked out here, once, for every handler. */
function inputOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction, config: Config): CommandInput {
  const { subcommand, values, channelGuilds } = collectOptions(interaction.options.data);
  return {
    subcommand,
    options: values,
    guildId: interaction.guildId ?? undefined,
    channelId: interaction.channelId ?? undefined,
    channelGuilds,
    user: callerOf(interaction, authorityOf(config)),
  };
}

function privateNote(content: string): DiscordMessage {
  return { content, embeds: [], flags: EPHEMERAL_FLAG, allowedMentions: { parse: [] } };
}

async function handleAutocomplete(
  interaction: AutocompleteInteraction,
  command: CommandModule,
  ctx: CommandContext,
  logger: Logger,
): Promise<void> {
  let choices: Array<{ name: string; value: string }> = [];
  try {
    const focused = interaction.options.getFocused(true);
    choices = await runAutocomplete(command, ctx, {
      ...inputOf(interaction, ctx.config),
      focused: { name: focused.name, value: String(focused.value) },
    });
  } catch (error) {
    logger.error({ err: error, command: command.definition.name }, 'autocomplete failed');
  }
  await interaction.respond(fitChoices(choices));
}

async function handleChatInput(
  interaction: ChatInputCommandInteraction,
  command: CommandModule,
  ctx: CommandContext,
  logger: Logger,
): Promise<void> {
  const input = inputOf(interaction, ctx.config);
  const privately = answersPrivately(command, input);
  let deferral: Promise<void> | undefined;
  const timer = setTimeout(() => {
    // Awaited below; a refusal (10062 when Discord gave up on the interaction) is logged here, and the
    // answer is then tried as a first reply, which carries its own visibility.
    deferral = interaction.deferReply(privately ? { flags: EPHEMERAL_FLAG } : {}).then(
      () => undefined,
      (error: unknown) =>
        logger.warn(
          { err: error, command: command.definition.name, interaction: interaction.id },
          'could not defer the answer',
        ),
    );
  }, DEFER_AFTER_MS);
  let message: DiscordMessage;
  let reply: Reply;
  try {
    reply = await runCommand(command, ctx, input);
    message = toDiscordMessage(reply);
  } finally {
    clearTimeout(timer);
    await deferral;
  }
  await sendAnswer(interaction, message, (error) =>
    logger.warn({ err: error, interaction: interaction.id }, 'could not delete the placeholder of a private answer'),
  );
  // A long answer's further pages follow as messages of their own, private when the first was.
  for (const page of reply.more ?? [])
    await interaction.followUp(toDiscordMessage({ ...page, ephemeral: reply.ephemeral }));
}

/**
 * The one entry for every interaction: looks the command up by name and applies one error policy
 * (log it under a reference, tell the user briefly and privately, keep running). Never rejects.
 */
export async function dispatchInteraction(
  interaction: Interaction,
  commands: CommandModule[],
  ctx: CommandContext,
  logger: Logger,
): Promise<void> {
  if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) return;
  const command = commands.find((c) => c.definition.name === interaction.commandName);
  try {
    if (!command) {
      if (interaction.isChatInputCommand())
        await interaction.reply(privateNote('That command is no longer available.'));
      else await interaction.respond([]);
      return;
    }
    if (interaction.isAutocomplete()) await handleAutocomplete(interaction, command, ctx, logger);
    else await handleChatInput(interaction, command, ctx, logger);
  } catch (error) {
    const notice = reportFailure(logger, error, 'answering that', {
      command: interaction.commandName,
      interaction: interaction.id,
    });
    if (interaction.isChatInputCommand()) {
      await sendAnswer(interaction, privateNote(notice), () => undefined).catch((failure: unknown) =>
        logger.warn({ err: failure, interaction: interaction.id }, 'could not tell the user that answering failed'),
      );
    }
  }
}
