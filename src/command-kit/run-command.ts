import { UserFacingError } from '../errors.ts';
import type { Reply } from '../render/reply.ts';
import { reportFailure } from './report-failure.ts';
import type { CommandContext, CommandInput, CommandModule } from './types.ts';

/**
 * The one error policy for every command, whichever face runs it: a user's mistake is answered in
 * words; anything else is logged under a reference and answered briefly, and the bot carries on.
 */
export async function runCommand(command: CommandModule, ctx: CommandContext, input: CommandInput): Promise<Reply> {
  try {
    return await command.execute(ctx, input);
  } catch (error) {
    if (error instanceof UserFacingError) return { ephemeral: true, content: error.message };
    const name = command.definition.name;
    return {
      ephemeral: true,
      content: reportFailure(ctx.logger, error, `/${name}`, { command: name, subcommand: input.subcommand }),
    };
  }
}

/** Whether a command's answer is for the asker alone, known before it runs (see CommandModule.answersPrivately). */
export function answersPrivately(command: CommandModule, input: CommandInput): boolean {
  const declared = command.answersPrivately;
  return typeof declared === 'function' ? declared(input) : declared === true;
}
