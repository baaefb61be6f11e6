import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands, findCommand } from '../commands/index.ts';
import type { App } from '../src/app.ts';
import { parseTextCommand } from '../src/command-kit/parse-text-command.ts';
import { runTextLine } from '../src/terminal/prompt.ts';
import { openTestApp } from './helpers/feeds-app.ts';

let app: App;
beforeAll(async () => {
  app = await openTestApp('data/sources.yaml');
});
afterAll(async () => {
  await app?.close();
});

const prompt = (line: string) => runTextLine(line, app.context, allCommands);

/** What the prompt answers when it could not read the words typed as the command's options. */
const ARGUMENT_ERROR =
  /Too many arguments|Missing |Usage:|must be (true or false|one of|a whole number|a number|at least|at most)|Unknown command|Name one theme|No theme|taken in order/;

describe('values with spaces typed at the prompt without quotes', () => {
  it('continue a value given by name until the next name:', async () => {
    const watched = await prompt('/watch theme:Kinship care');
    expect(watched).not.toMatch(ARGUMENT_ERROR);
    expect(watched).toMatch(/^Watching theme kinship-care/);

    for (const [unquoted, quoted] of [
      ['/digest show period:last week', '/digest show "last week"'],
      ['/digest show period:last 30 days', '/digest show "last 30 days"'],
      ['/digest show period:last 14 days theme:Kinship care', '/digest show "last 14 days" theme:kinship-care'],
    ] as const) {
      const text = await prompt(unquoted);
      expect(text, unquoted).not.toMatch(ARGUMENT_ERROR);
      expect(text, unquoted).toBe(await prompt(quoted));
    }
    // A fixed choice typed by the name Discord shows for it.
    const listed = await prompt('/recommendation list response:Accepted in principle');
    expect(listed).not.toMatch(ARGUMENT_ERROR);
    expect(listed).toBe(await prompt('/recommendation list response:accepted-in-principle'));
  });

  it('still leave a number, or what a required option lacks, to the options in order', async () => {
    expect(parseTextCommand('/items source:community-care 5', allCommands).options).toEqual({
      source: 'community-care',
      limit: 5,
    });
    expect(parseTextCommand('/feeds add url:https://www.cypnow.co.uk/feed CYP Now', allCommands).options).toEqual({
      url: 'https://www.cypnow.co.uk/feed',
      name: 'CYP Now',
    });
  });

  it('in order, when they do not fit the options, say how each word was read and to quote the value', async () => {
    const text = await prompt('/digest show last 30 days');
    expect(text).toContain('"last" as period');
    expect(text).toContain('"30" as theme');
    expect(text).toContain('"days" as public');
    expect(text).toContain('public must be true or false');
    expect(text).toContain('/digest show "last 30 days"');
  });
});

/** The commands the README shows typed at the prompt: its prompt lines, and inline commands with values. */
function readmeExamples(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const promptLines = [...readme.matchAll(/^care-review-bot> (\/.+)$/gm)].map((m) => m[1]!.trim());
  const inline = [...readme.matchAll(/`(\/[a-z]+(?: [^`]*)?)`/g)]
    .map((m) => m[1]!.replace(/\\\|/g, '|').trim())
    // A placeholder (`<key>`, `[theme]`, `…`, `#channel`, `a | b`) is a usage line, not an example.
    .filter((line) => !/[<>[\]…|#]/.test(line))
    .filter((line) => {
      const [name, ...words] = line.slice(1).split(/\s+/);
      const command = findCommand(name!);
      if (!command) return false;
      const options = JSON.stringify(command.definition.options ?? []);
      // Only names (of the command, its subcommands or options) are a reference to it, not an example.
      return words.some((word) => !options.includes(`"name":"${word.replace(/:$/, '')}"`) || word.includes(':'));
    });
  return [...new Set([...promptLines, ...inline])];
}

describe('the README', () => {
  it('shows prompt commands that work as written', async () => {
    const examples = readmeExamples();
    expect(examples).toEqual(
      expect.arrayContaining(['/recommendation iro', '/watch theme:Kinship care', '/digest show "last 30 days"']),
    );
    for (const line of examples) {
      expect(() => parseTextCommand(line, allCommands), line).not.toThrow();
      expect(await prompt(line), line).not.toMatch(ARGUMENT_ERROR);
    }
  });
});
