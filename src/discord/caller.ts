import {
  PermissionFlagsBits,
  type APIInteractionGuildMember,
  type BaseInteraction,
  type GuildMember,
} from 'discord.js';
import { rightsOf, type Authority } from '../command-kit/permissions.ts';
import type { CommandUser } from '../command-kit/types.ts';

/** The member's role ids: a cached member's from the guild's roles, an uncached one's as Discord sent them. */
function rolesOf(member: GuildMember | APIInteractionGuildMember | null | undefined): string[] {
  if (!member) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

/**
 * Who sent an interaction and what they may do, worked out once from the server it came from,
 * the member's Manage Server permission and roles there, and the operator's editor settings.
 */
export function callerOf(
  interaction: Pick<BaseInteraction, 'user' | 'guildId' | 'memberPermissions' | 'member'>,
  authority: Authority,
): CommandUser {
  return {
    id: interaction.user.id,
    name: interaction.user.globalName ?? interaction.user.username,
    rights: rightsOf(
      {
        guildId: interaction.guildId ?? undefined,
        manageServer: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
        roles: rolesOf(interaction.member),
      },
      authority,
    ),
  };
}
