import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';

/** The entries of a help text's lists, each with its wrapped lines joined: `--limit <n>  how many (default: 20)`. */
function helpEntries(help: string): string[] {
  const entries: string[] = [];
  for (const line of help.split('\n')) {
    if (/^ {2}\S/.test(line)) entries.push(line.trim());
    else if (/^ {3,}\S/.test(line) && entries.length > 0) entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries.map((entry) => entry.replace(/\s+/g, ' '));
}

describe('--help at the command line', () => {
  it('names each default once, for every command with options or arguments', async () => {
    const top = await runCli(['--help'], {});
    expect(top.code).toBe(0);
    // The slash commands share one argument, `[args...]`: one of them stands for all.
    const commands = helpEntries(top.stdout.split('Commands:')[1]!)
      .filter((entry) => /^\S+ (\[options\]|<|\[(?!args\.\.\.\]))/.test(entry))
      .map((entry) => entry.split(' ')[0]!);
    expect(commands).toEqual(expect.arrayContaining(['poll', 'items', 'eval', 'digest', 'export-edits']));
    const invocations = [...commands.map((name) => [name]), ['sources', 'check'], ['recommendation']];
    const doubled: string[] = [];
    // A few at a time: each is a process of its own.
    for (let i = 0; i < invocations.length; i += 4) {
      const helps = await Promise.all(invocations.slice(i, i + 4).map((args) => runCli([...args, '--help'], {})));
      helps.forEach((help, j) => {
        expect(help.code, invocations[i + j]!.join(' ')).toBe(0);
        for (const entry of helpEntries(help.stdout))
          if (/\bdefault\b.*\bdefault\b/i.test(entry)) doubled.push(`${invocations[i + j]!.join(' ')}: ${entry}`);
      });
    }
    expect(doubled).toEqual([]);
  }, 120_000);

  it('items --help shows the default limit as commander states it', async () => {
    const help = await runCli(['items', '--help'], {});
    expect(helpEntries(help.stdout)).toContain('--limit <n> how many (default: 20)');
  });
});
