import { explain } from '../../commands/explain.ts';
import { help } from '../../commands/help.ts';
import { items } from '../../commands/items.ts';
import { recommendation } from '../../commands/recommendation.ts';
import type { CommandModule } from './types.ts';

/** Every command, in the order /help lists them. */
export const allCommands: CommandModule[] = [recommendation, items, explain, help];

export function findCommand(name: string): CommandModule | undefined {
  return allCommands.find((command) => command.definition.name === name);
}
