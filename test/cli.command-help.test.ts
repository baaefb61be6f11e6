import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { allCommands, findCommand } from '../commands/index.ts';
import { runCli } from './helpers/run-cli.ts';

const isSubcommand = (o: APIApplicationCommandOption) => o.type === ApplicationCommandOptionType.Subcommand;

/** Every subcommand and option name a slash command's definition gives, as the help should list them. */
function namesOf(name: string): { subcommands: string[]; options: string[] } {
  const options = findCommand(name)!.definition.options ?? [];
  const subs = options.filter(isSubcommand);
  const inner = subs.flatMap((s) => ('options' in s ? (s.options ?? []) : []));
  return {
    subcommands: subs.map((s) => s.name),
    options: [...options.filter((o) => !isSubcommand(o)), ...inner].map((o) => o.name),
  };
}

describe('help for one command at the command line', () => {
  it('help <command> shows that command’s usage, for the CLI’s own commands and the slash commands', async () => {
    const [items, recommendation, overview, unknown] = await Promise.all([
      runCli(['help', 'items'], {}),
      runCli(['help', 'recommendation'], {}),
      runCli(['help'], {}),
      runCli(['help', 'nosuch'], {}),
    ]);
    expect(items.stderr).not.toMatch(/Too many arguments/);
    expect(items.code).toBe(0);
    expect(items.stdout).toMatch(/Usage: care-review-bot items/);
    expect(items.stdout).toContain('--limit');
    expect(recommendation.code).toBe(0);
    expect(recommendation.stdout).toMatch(/Usage: care-review-bot recommendation/);
    for (const sub of namesOf('recommendation').subcommands)
      expect(recommendation.stdout).toMatch(new RegExp(`\\b${sub}\\b`));
    // Without a command it is still the bot's own /help.
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain("Follows England's Independent Review");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nosuch/);
    expect(unknown.stderr).toMatch(/\bpoll\b/);
  });

  it('each slash command’s --help lists its subcommands and options, from its definition', async () => {
    const withArguments = allCommands
      .filter((c) => (c.definition.options ?? []).length > 0)
      .map((c) => c.definition.name);
    expect(withArguments).toEqual(expect.arrayContaining(['recommendation', 'feeds', 'watch', 'approve']));
    // The CLI's own items and digest commands take flags instead.
    const slashOnly = withArguments.filter((name) => !['items', 'digest'].includes(name));
    for (let i = 0; i < slashOnly.length; i += 4) {
      const names = slashOnly.slice(i, i + 4);
      const helps = await Promise.all(names.map((name) => runCli([name, '--help'], {})));
      helps.forEach((help, j) => {
        const name = names[j]!;
        expect(help.code, name).toBe(0);
        expect(help.stdout, name).not.toMatch(/the same arguments as the slash command/);
        const { subcommands, options } = namesOf(name);
        for (const sub of subcommands) expect(help.stdout, `${name} ${sub}`).toMatch(new RegExp(`^ +${sub}\\b`, 'm'));
        for (const option of options) expect(help.stdout, `${name} ${option}`).toMatch(new RegExp(`\\b${option}\\b`));
      });
    }
    const recommendation = await runCli(['recommendation', '--help'], {});
    expect(recommendation.stdout).toMatch(/^ +show <key>/m);
    expect(recommendation.stdout).toMatch(/^ +list \[theme\] \[response\] \[progress\]/m);
  }, 120_000);
});
