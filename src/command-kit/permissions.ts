import type { Config } from '../config.ts';
import type { CommandInput, CommandUser, Right, Rights } from './types.ts';

/**
 * Who may change what. Shared state (the tracker, proposals and their decisions, the sources) is
 * changed only by editors: members of the operator's editor server(s) with Manage Server there, or
 * with the editor role there. A server's own state (its channels, its watches, its public digests)
 * is changed by that server's Manage Server members. Discord's default member permissions only hide
 * a command, and a server can override them, so every handler is checked here, on the server side.
 */

/** The operator's choice of editors, from the settings. */
export interface Authority {
  editorGuilds: readonly string[];
  editorRoleId?: string;
}

/** The terminal prompt and the command line are the operator's own. */
export const OPERATOR_RIGHTS: Rights = { manageServer: true, editor: true };

export const operatorUser = (name: string): CommandUser => ({ id: name, name, rights: OPERATOR_RIGHTS });

export const NO_RIGHTS: Rights = { manageServer: false, editor: false };

/** EDITOR_GUILD_IDS, or DISCORD_GUILD_ID as the one editor server when that is empty. */
export function authorityOf(
  config: Pick<Config, 'EDITOR_GUILD_IDS' | 'EDITOR_ROLE_ID' | 'DISCORD_GUILD_ID'>,
): Authority {
  const editorGuilds =
    config.EDITOR_GUILD_IDS.length > 0
      ? config.EDITOR_GUILD_IDS
      : config.DISCORD_GUILD_ID
        ? [config.DISCORD_GUILD_ID]
        : [];
  return { editorGuilds, editorRoleId: config.EDITOR_ROLE_ID };
}

export const isEditorGuild = (authority: Authority, guildId: string | undefined): boolean =>
  guildId !== undefined && authority.editorGuilds.includes(guildId);

/** A caller as an interaction describes them: where they are, Manage Server there, and their roles there. */
export interface Caller {
  guildId?: string;
  manageServer: boolean;
  roles: readonly string[];
}

export function rightsOf(caller: Caller, authority: Authority): Rights {
  const hasRole = authority.editorRoleId !== undefined && caller.roles.includes(authority.editorRoleId);
  return {
    manageServer: caller.manageServer,
    editor: isEditorGuild(authority, caller.guildId) && (caller.manageServer || hasRole),
  };
}

export function allows(right: Right, rights: Rights): boolean {
  switch (right) {
    case 'anyone':
      return true;
    case 'manager':
      return rights.manageServer;
    case 'admin':
      return rights.manageServer || rights.editor;
    case 'editor':
      return rights.editor;
  }
}

export const NO_EDITOR_SERVER =
  'No editor server is configured. The operator sets EDITOR_GUILD_IDS to the id of the server whose moderators edit the shared tracker, proposals and sources (or DISCORD_GUILD_ID, which counts when EDITOR_GUILD_IDS is empty), optionally EDITOR_ROLE_ID to an editor role there, and restarts the bot.';

/**
 * Why the caller may not do this (`action`: "use /feeds add"), or undefined when they may. The
 * words name what would let them: Manage Server here, or being an editor.
 */
export function refusal(right: Right, rights: Rights, authority: Authority, action: string): string | undefined {
  if (allows(right, rights)) return undefined;
  if (right === 'manager') return `Only members with the Manage Server permission in this server can ${action}.`;
  if (right === 'admin') return `Only members with the Manage Server permission, or the bot's editors, can ${action}.`;
  if (authority.editorGuilds.length === 0)
    return `Nobody can ${action} from Discord yet: it is for the bot's editors. ${NO_EDITOR_SERVER}`;
  const how = authority.editorRoleId ? 'Manage Server or the editor role' : 'Manage Server';
  const where = authority.editorGuilds.length > 1 ? 'an editor server' : 'the editor server';
  return `Only the bot's editors can ${action}: they look after what every server shares (the tracker, proposals and sources), and are the members with ${how} in ${where}.`;
}

/** The server a command concerns; commands are server-only in Discord, `terminal` at the prompt. */
export function guildOf(input: CommandInput): string {
  return input.guildId ?? 'terminal';
}

/**
 * A command whose subcommands need different rights; `first` is the subcommand run when none is
 * named. A subcommand missing from the table needs an editor, so an addition fails closed.
 */
export function bySubcommand(rights: Record<string, Right>, first: string): (input: CommandInput) => Right {
  return (input) => rights[input.subcommand ?? first] ?? 'editor';
}
