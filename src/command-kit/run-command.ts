import { errorMessage, UserFacingError } from '../errors.ts';
import type { Reply } from '../render/reply.ts';
import type { CommandContext, CommandInput, CommandModule } from './types.ts';

/**
 * The one error policy for every command, whichever face runs it: a user's mistake is answered in
 * words; anything else is logged and answered briefly, and the bot carries on.
 */
export async function runCommand(command: CommandModule, ctx: CommandContext, input: CommandInput): Promise<Reply> {
  try {
    return await command.execute(ctx, input);
  } catch (error) {
    if (error instanceof UserFacingError) return { ephemeral: true, content: error.message };
    ctx.logger.error({ err: error, command: command.definition.name, subcommand: input.subcommand }, 'command failed');
    return { ephemeral: true, content: `Sorry, /${command.definition.name} failed: ${errorMessage(error)}. The error was logged.` };
  }
}
