import type { ChatInputCommandInteraction } from 'discord.js';
import { EPHEMERAL_FLAG, type DiscordMessage } from './to-discord-message.ts';

/** What the channel sees, for a moment, where a public deferral ends in a private answer. */
const ANSWERED_PRIVATELY = 'Answered privately.';

const isPrivate = (message: DiscordMessage) => ((message.flags ?? 0) & EPHEMERAL_FLAG) !== 0;

/**
 * Sends `message` as the answer to an interaction in whatever state it is in (unanswered, deferred
 * publicly or privately, already answered), never showing a private message to the channel.
 *
 * Discord keeps a deferral's visibility: an edit cannot make it private, and the first follow-up
 * after a deferral edits the deferred message whatever flags it asks for. So a private answer after
 * a public deferral first replaces the placeholder with a neutral note, then goes as a private
 * follow-up, and the note is deleted.
 */
export async function sendAnswer(
  interaction: ChatInputCommandInteraction,
  message: DiscordMessage,
  onNoteLeft: (error: unknown) => void,
): Promise<void> {
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(message);
    return;
  }
  if (interaction.replied) {
    await interaction.followUp(message);
    return;
  }
  // Deferred, not yet answered. A public answer to a private deferral stays private: that shows it to
  // fewer people than asked, never more.
  if (interaction.ephemeral || !isPrivate(message)) {
    await interaction.editReply({
      content: message.content ?? null,
      embeds: message.embeds,
      allowedMentions: message.allowedMentions,
    });
    return;
  }
  await interaction.editReply({ content: ANSWERED_PRIVATELY, embeds: [], allowedMentions: message.allowedMentions });
  await interaction.followUp({ ...message, flags: EPHEMERAL_FLAG });
  await interaction.deleteReply().catch(onNoteLeft);
}
