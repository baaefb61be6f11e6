import { clearScreenDown, cursorTo, moveCursor, type Interface } from 'node:readline';

type Output = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Everything the running bot prints at the terminal goes through here, so that a line printed while
 * someone is typing at the prompt (a scheduled poll, an alert, a log warning) appears above the
 * prompt, and the prompt is drawn again below it with what was typed so far, cursor and all.
 */
export class TerminalOutput {
  private rl: Interface | undefined;
  private promptShown = false;

  constructor(readonly out: Output) {}

  /** From now on the prompt of `rl` is redrawn after each line printed while it is shown (on a TTY only). */
  attach(rl: Interface): void {
    if (this.out.isTTY) this.rl = rl;
  }

  detach(): void {
    this.rl = undefined;
    this.promptShown = false;
  }

  showPrompt(rl: Interface): void {
    rl.prompt();
    this.promptShown = true;
  }

  /** A line was entered: until the prompt is shown again, output goes where the cursor is. */
  promptTaken(): void {
    this.promptShown = false;
  }

  /** Prints `text` (one or more lines) above the prompt, to `stream` (default: the terminal's output). */
  printAbove(text: string, stream: NodeJS.WritableStream = this.out): void {
    const line = text.endsWith('\n') ? text : `${text}\n`;
    const rl = this.rl;
    if (!rl || !this.promptShown) {
      stream.write(line);
      return;
    }
    // Back to where the prompt begins (typed text may wrap over several rows), and clear it.
    const rows = rl.getCursorPos().rows;
    if (rows > 0) moveCursor(this.out, 0, -rows);
    cursorTo(this.out, 0);
    clearScreenDown(this.out);
    stream.write(line);
    // readline redraws from `rows` rows above the cursor: give it those rows, so the text stays.
    if (rows > 0) this.out.write('\n'.repeat(rows));
    rl.prompt(true);
  }
}
