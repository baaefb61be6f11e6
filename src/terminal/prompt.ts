import { createInterface } from 'node:readline';
import { parseTextCommand } from '../command-kit/parse-text-command.ts';
import { operatorUser } from '../command-kit/permissions.ts';
import { reportFailure } from '../command-kit/report-failure.ts';
import { runCommand } from '../command-kit/run-command.ts';
import type { CommandContext, CommandModule, CommandUser } from '../command-kit/types.ts';
import { UserFacingError } from '../errors.ts';
import { renderText } from './render-text.ts';
import { TerminalOutput } from './terminal-output.ts';

/** The one at the prompt runs the bot: an editor and a manager of the terminal's own pseudo-server. */
const OPERATOR: CommandUser = operatorUser('terminal');

/** Runs one typed line (`/items 5`) and returns what to print. */
export async function runTextLine(line: string, ctx: CommandContext, commands: CommandModule[]): Promise<string> {
  let parsed;
  try {
    parsed = parseTextCommand(line, commands);
  } catch (error) {
    return error instanceof UserFacingError ? error.message : reportFailure(ctx.logger, error, 'reading that command');
  }
  const reply = await runCommand(parsed.command, ctx, {
    subcommand: parsed.subcommand,
    options: parsed.options,
    user: OPERATOR,
  });
  return renderText(reply);
}

/**
 * The terminal face of the bot: slash commands typed as text. Resolves with `exit` when the user
 * types it and with `end` when the input closes (Ctrl-D, or the end of piped input). Whatever else
 * prints through `io.terminal` while the prompt is shown appears above it (see TerminalOutput).
 */
export function startPrompt(
  ctx: CommandContext,
  commands: CommandModule[],
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; interactive: boolean; terminal?: TerminalOutput },
): Promise<'exit' | 'end'> {
  const rl = createInterface({
    input: io.input,
    output: io.output,
    prompt: 'care-review-bot> ',
    terminal: io.interactive,
  });
  const terminal = io.terminal ?? new TerminalOutput(io.output);
  const write = (text: string) => io.output.write(`${text}\n`);
  write('Type /help for commands, exit to stop.');
  if (io.interactive) terminal.attach(rl);
  terminal.showPrompt(rl);
  let queue = Promise.resolve();
  let exited = false;
  return new Promise((resolve) => {
    rl.on('line', (line) => {
      terminal.promptTaken();
      queue = queue.then(async () => {
        const trimmed = line.trim();
        if (trimmed === 'exit' || trimmed === 'quit') {
          exited = true;
          rl.close();
          return;
        }
        if (trimmed)
          write(
            trimmed.startsWith('/')
              ? await runTextLine(trimmed, ctx, commands)
              : 'Commands start with /, for example /help',
          );
        terminal.showPrompt(rl);
      });
    });
    rl.on('close', () => {
      terminal.detach();
      void queue.then(() => resolve(exited ? 'exit' : 'end'));
    });
  });
}
