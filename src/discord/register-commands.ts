import { createHash } from 'node:crypto';
import { REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../command-kit/types.ts';
import type { Logger } from '../logger.ts';

export interface RegistrationTarget {
  token: string;
  appId: string;
  /** Register in one server (instant); without it, globally. */
  guildId?: string;
  apiBase: string;
}

export function definitionsHash(
  definitions: CommandDefinition[],
  target: Pick<RegistrationTarget, 'appId' | 'guildId'>,
): string {
  return createHash('sha256')
    .update(JSON.stringify({ definitions, appId: target.appId, guildId: target.guildId ?? null }))
    .digest('hex');
}

/** Replaces the application's commands with these definitions in one bulk PUT. */
export async function registerCommands(
  definitions: CommandDefinition[],
  target: RegistrationTarget,
  logger: Logger,
): Promise<number> {
  const rest = new REST({ version: '10', api: target.apiBase }).setToken(target.token);
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.appId, target.guildId)
    : Routes.applicationCommands(target.appId);
  const result = (await rest.put(route, { body: definitions })) as unknown[];
  logger.info(
    { count: result.length, scope: target.guildId ? `guild ${target.guildId}` : 'global' },
    'slash commands registered',
  );
  return result.length;
}
