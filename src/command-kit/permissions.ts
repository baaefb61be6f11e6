import type { Reply } from '../render/reply.ts';
import type { CommandInput } from './types.ts';

/**
 * The server-side check for admin commands: Discord's default member permissions only hide a
 * command, and a server can override them, so every admin handler asks this first.
 */
export function refuseUnlessManager(input: CommandInput, what: string): Reply | undefined {
  if (input.user.canManageGuild) return undefined;
  return { ephemeral: true, content: `Only members with the Manage Server permission can ${what}.` };
}

/** The server a command concerns; commands are server-only in Discord, `terminal` at the prompt. */
export function guildOf(input: CommandInput): string {
  return input.guildId ?? 'terminal';
}
