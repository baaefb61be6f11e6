import { UserFacingError } from '../errors.ts';
import type { Reply } from '../render/reply.ts';
import { allows, authorityOf, refusal } from './permissions.ts';
import { reportFailure } from './report-failure.ts';
import type { AutocompleteInput, Choice, CommandContext, CommandInput, CommandModule, Right } from './types.ts';

/** What a command needs for this input, and the words a refusal uses ("use /feeds add"). */
export function requirementOf(command: CommandModule, input: CommandInput): { right: Right; action: string } {
  const declared = typeof command.requires === 'function' ? command.requires(input) : command.requires;
  if (typeof declared !== 'string') return declared;
  const name = [command.definition.name, input.subcommand].filter(Boolean).join(' ');
  return { right: declared, action: `use /${name}` };
}

/** Why this caller may not run the command with this input, or undefined when they may. */
export function refusalOf(command: CommandModule, ctx: CommandContext, input: CommandInput): string | undefined {
  const { right, action } = requirementOf(command, input);
  if (allows(right, input.user.rights)) return undefined;
  return refusal(right, input.user.rights, authorityOf(ctx.config), action);
}

/**
 * The one error policy for every command, whichever face runs it: a user's mistake is answered in
 * words; anything else is logged under a reference and answered briefly, and the bot carries on.
 * A one-shot command line passes `rethrow`: it ends on an unexpected error and tells it once itself.
 */
export async function runCommand(
  command: CommandModule,
  ctx: CommandContext,
  input: CommandInput,
  options: { rethrow?: boolean } = {},
): Promise<Reply> {
  try {
    const refused = refusalOf(command, ctx, input);
    if (refused) return { ephemeral: true, failed: true, content: refused };
    return await command.execute(ctx, input);
  } catch (error) {
    if (error instanceof UserFacingError) return { ephemeral: true, failed: true, content: error.message };
    if (options.rethrow) throw error;
    const name = command.definition.name;
    return {
      ephemeral: true,
      failed: true,
      content: reportFailure(ctx.logger, error, `/${name}`, { command: name, subcommand: input.subcommand }),
    };
  }
}

/**
 * A command's autocomplete, for those who may run it (with what is typed so far): to anyone else it
 * offers nothing, since its choices (pending proposals, sources) are part of what it guards.
 */
export async function runAutocomplete(
  command: CommandModule,
  ctx: CommandContext,
  input: AutocompleteInput,
): Promise<Choice[]> {
  if (!command.autocomplete || refusalOf(command, ctx, input)) return [];
  return command.autocomplete(ctx, input);
}

/** Whether a command's answer is for the asker alone, known before it runs (see CommandModule.answersPrivately). */
export function answersPrivately(command: CommandModule, input: CommandInput): boolean {
  const declared = command.answersPrivately;
  return typeof declared === 'function' ? declared(input) : declared === true;
}
