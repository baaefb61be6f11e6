import pretty from 'pino-pretty';
import { createLogger, type Logger } from '../logger.ts';
import type { TerminalOutput } from './terminal-output.ts';

/**
 * The logger of the bot at an interactive terminal: each line pretty-printed to stderr, as usual, but
 * above the prompt (see TerminalOutput), never across what is being typed.
 */
export function createTerminalLogger(
  level: string,
  terminal: TerminalOutput,
  stream: NodeJS.WriteStream = process.stderr,
): Logger {
  const format = pretty.prettyFactory({
    colorize: Boolean(stream.isTTY),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
  return createLogger(level, { write: (line: string) => terminal.printAbove(format(line), stream) });
}
