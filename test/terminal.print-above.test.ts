import { PassThrough, Writable } from 'node:stream';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { CommandContext, CommandModule } from '../src/command-kit/types.ts';
import { silentLogger } from '../src/logger.ts';
import { startPrompt } from '../src/terminal/prompt.ts';
import { createTerminalLogger } from '../src/terminal/terminal-logger.ts';
import { TerminalOutput } from '../src/terminal/terminal-output.ts';

/** What a terminal shows, kept as written: text and the escape sequences that move the cursor. */
class FakeTerminal extends Writable {
  written = '';
  isTTY: boolean;
  columns = 80;
  constructor(tty: boolean) {
    super();
    this.isTTY = tty;
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.written += chunk.toString();
    done();
  }
  /** What was written after `mark` (a length of `written`). */
  since(mark: number): string {
    return this.written.slice(mark);
  }
}

const echo: CommandModule = {
  definition: {
    name: 'echo',
    description: 'Says it back',
    options: [{ type: ApplicationCommandOptionType.String, name: 'text', description: 'What to say', required: true }],
  },
  requires: 'anyone',
  async execute(_ctx, input) {
    return { content: `you typed ${String(input.options.text)}` };
  },
};
const ctx = { logger: silentLogger } as unknown as CommandContext;
const PROMPT = 'care-review-bot> ';
const tick = () => new Promise((resolve) => setImmediate(resolve));

function session(tty: boolean) {
  const input = new PassThrough();
  const output = new FakeTerminal(tty);
  const terminal = new TerminalOutput(output);
  const ended = startPrompt(ctx, [echo], { input, output, interactive: tty, terminal });
  return { input, output, terminal, ended };
}

describe('lines printed while someone types at the prompt', () => {
  it('appear above the prompt, which is drawn again with what was typed, and the typed line is read whole', async () => {
    const { input, output, terminal, ended } = session(true);
    input.write('/echo hel');
    await tick();
    const mark = output.written.length;
    terminal.printAbove('[10:15] community-care: 1 new item (4 in source)');
    const shown = output.since(mark);
    // Back to the start of the row and clear it, the line, then the prompt and the typed text again, cursor after it.
    expect(shown).toBe(
      `\x1b[1G\x1b[0J[10:15] community-care: 1 new item (4 in source)\n\x1b[1G\x1b[0J${PROMPT}/echo hel\x1b[27G`,
    );

    input.write('lo\n');
    await tick();
    await tick();
    expect(output.written).toContain('you typed hello');
    input.write('exit\n');
    expect(await ended).toBe('exit');
  });

  it('keeps a long typed line that wraps over several rows', async () => {
    const { input, output, terminal, ended } = session(true);
    const typed = `/echo ${'x'.repeat(150)}`;
    input.write(typed);
    await tick();
    const mark = output.written.length;
    terminal.printAbove('a log warning');
    const shown = output.since(mark);
    // The cursor goes up to the prompt's first row (two rows above) before clearing.
    expect(shown.startsWith('\x1b[2A\x1b[1G\x1b[0Ja log warning\n')).toBe(true);
    expect(shown).toContain(`${PROMPT}${typed}`);
    input.write('\n');
    await tick();
    expect(output.written).toContain(`you typed ${'x'.repeat(150)}`);
    input.end();
    expect(await ended).toBe('end');
  });

  it('while a command runs (no prompt shown), prints where the cursor is, without drawing a prompt', async () => {
    const output = new FakeTerminal(true);
    const terminal = new TerminalOutput(output);
    terminal.printAbove('[09:00] care-review-bot: 2 sources');
    expect(output.written).toBe('[09:00] care-review-bot: 2 sources\n');
  });

  it('without a terminal, writes plain lines', async () => {
    const { input, output, terminal, ended } = session(false);
    await tick();
    const mark = output.written.length;
    terminal.printAbove('[10:15] psw-basw: no new items (3 in source, via JSON-LD)');
    expect(output.since(mark)).toBe('[10:15] psw-basw: no new items (3 in source, via JSON-LD)\n');
    input.end();
    await ended;
  });

  it('log lines go above the prompt too, to their own stream', async () => {
    const { input, output, terminal, ended } = session(true);
    const stderr = new FakeTerminal(true) as unknown as NodeJS.WriteStream;
    const logger = createTerminalLogger('info', terminal, stderr);
    input.write('/ec');
    await tick();
    const mark = output.written.length;
    logger.warn({ source: 'psw-basw' }, 'source failed');
    expect((stderr as unknown as FakeTerminal).written).toMatch(/WARN.*source failed/);
    expect(output.since(mark)).toMatch(/^\x1b\[1G\x1b\[0J/);
    expect(output.since(mark)).toContain(`${PROMPT}/ec`);
    input.end();
    await ended;
  });
});
