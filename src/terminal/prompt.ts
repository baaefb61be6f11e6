import { createInterface } from 'node:readline';
import { parseTextCommand } from '../command-kit/parse-text-command.ts';
import { reportFailure } from '../command-kit/report-failure.ts';
import { runCommand } from '../command-kit/run-command.ts';
import type { CommandContext, CommandModule, CommandUser } from '../command-kit/types.ts';
import { UserFacingError } from '../errors.ts';
import { renderText } from './render-text.ts';

const OPERATOR: CommandUser = { id: 'terminal', name: 'terminal', canManageGuild: true };

/** Runs one typed line (`/items 5`) and returns what to print. */
export async function runTextLine(line: string, ctx: CommandContext, commands: CommandModule[]): Promise<string> {
  let parsed;
  try {
    parsed = parseTextCommand(line, commands);
  } catch (error) {
    return error instanceof UserFacingError ? error.message : reportFailure(ctx.logger, error, 'reading that command');
  }
  const reply = await runCommand(parsed.command, ctx, { subcommand: parsed.subcommand, options: parsed.options, user: OPERATOR });
  return renderText(reply);
}

/**
 * The terminal face of the bot: slash commands typed as text. Resolves with `exit` when the user
 * types it and with `end` when the input closes (Ctrl-D, or the end of piped input).
 */
export function startPrompt(
  ctx: CommandContext,
  commands: CommandModule[],
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; interactive: boolean },
): Promise<'exit' | 'end'> {
  const rl = createInterface({ input: io.input, output: io.output, prompt: 'care-review-bot> ', terminal: io.interactive });
  const write = (text: string) => io.output.write(`${text}\n`);
  write('Type /help for commands, exit to stop.');
  rl.prompt();
  let queue = Promise.resolve();
  let exited = false;
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        const trimmed = line.trim();
        if (trimmed === 'exit' || trimmed === 'quit') {
          exited = true;
          rl.close();
          return;
        }
        if (trimmed) write(trimmed.startsWith('/') ? await runTextLine(trimmed, ctx, commands) : 'Commands start with /, for example /help');
        rl.prompt();
      });
    });
    rl.on('close', () => {
      void queue.then(() => resolve(exited ? 'exit' : 'end'));
    });
  });
}
