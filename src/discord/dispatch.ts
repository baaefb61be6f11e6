import { PermissionFlagsBits, type AutocompleteInteraction, type ChatInputCommandInteraction, type CommandInteractionOption, type Interaction } from 'discord.js';
import { runCommand } from '../command-kit/run-command.ts';
import type { CommandContext, CommandInput, CommandModule, OptionValue } from '../command-kit/types.ts';
import type { Logger } from '../logger.ts';
import { EPHEMERAL_FLAG, fitChoices, toDiscordMessage } from './to-discord-message.ts';

/** Discord drops an interaction not answered within 3 s; past this, defer and answer later. */
export const DEFER_AFTER_MS = 2_000;

function collectOptions(options: readonly CommandInteractionOption[]): { subcommand?: string; values: Record<string, OptionValue> } {
  const values: Record<string, OptionValue> = {};
  let subcommand: string | undefined;
  for (const option of options) {
    if (option.options) {
      subcommand = option.name;
      Object.assign(values, collectOptions(option.options).values);
    } else if (option.value !== undefined && option.value !== null) {
      values[option.name] = option.value;
    }
  }
  return { subcommand, values };
}

function inputOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): CommandInput {
  const { subcommand, values } = collectOptions(interaction.options.data);
  return {
    subcommand,
    options: values,
    user: {
      id: interaction.user.id,
      name: interaction.user.globalName ?? interaction.user.username,
      canManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    },
  };
}

async function handleAutocomplete(interaction: AutocompleteInteraction, command: CommandModule, ctx: CommandContext, logger: Logger): Promise<void> {
  let choices: Array<{ name: string; value: string }> = [];
  try {
    const focused = interaction.options.getFocused(true);
    choices = (await command.autocomplete?.(ctx, { ...inputOf(interaction), focused: { name: focused.name, value: String(focused.value) } })) ?? [];
  } catch (error) {
    logger.error({ err: error, command: command.definition.name }, 'autocomplete failed');
  }
  await interaction.respond(fitChoices(choices));
}

async function handleChatInput(interaction: ChatInputCommandInteraction, command: CommandModule, ctx: CommandContext, logger: Logger): Promise<void> {
  const input = inputOf(interaction);
  let deferred: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    deferred = interaction.deferReply();
  }, DEFER_AFTER_MS);
  const reply = await runCommand(command, ctx, input);
  clearTimeout(timer);
  const message = toDiscordMessage(reply);
  if (deferred) {
    await deferred;
    await interaction.editReply({ content: message.content ?? null, embeds: message.embeds, allowedMentions: message.allowedMentions });
  } else {
    await interaction.reply({ ...message, flags: message.flags });
  }
  // A long answer's further pages follow as messages of their own, private when the first was.
  for (const page of reply.more ?? []) await interaction.followUp(toDiscordMessage({ ...page, ephemeral: reply.ephemeral }));
}

/**
 * The one entry for every interaction: looks the command up by name and applies one error policy
 * (log it, tell the user briefly and privately, keep running).
 */
export async function dispatchInteraction(interaction: Interaction, commands: CommandModule[], ctx: CommandContext, logger: Logger): Promise<void> {
  if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) return;
  const command = commands.find((c) => c.definition.name === interaction.commandName);
  try {
    if (!command) {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'That command is no longer available.', flags: EPHEMERAL_FLAG, allowedMentions: { parse: [] } });
      else await interaction.respond([]);
      return;
    }
    if (interaction.isAutocomplete()) await handleAutocomplete(interaction, command, ctx, logger);
    else await handleChatInput(interaction, command, ctx, logger);
  } catch (error) {
    logger.error({ err: error, command: interaction.commandName }, 'interaction failed');
    if (interaction.isChatInputCommand()) {
      const notice = { content: 'Sorry, something went wrong answering that. It has been logged.', flags: EPHEMERAL_FLAG, allowedMentions: { parse: [] as [] } };
      await (interaction.deferred || interaction.replied ? interaction.followUp(notice) : interaction.reply(notice)).catch(() => undefined);
    }
  }
}
