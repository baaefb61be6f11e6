import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { optionsOf, signature, subcommandsWithOptions } from './parse-text-command.ts';
import type { CommandModule } from './types.ts';

/** What an option takes, beyond its description: `a whole number, 1 to 25`, `one of: a, b`. */
function takes(option: APIApplicationCommandBasicOption): string | undefined {
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const kind = option.type === ApplicationCommandOptionType.Integer ? 'a whole number' : 'a number';
      const { min_value: min, max_value: max } = option;
      if (min !== undefined && max !== undefined) return `${kind}, ${min} to ${max}`;
      if (min !== undefined) return `${kind}, at least ${min}`;
      return max !== undefined ? `${kind}, at most ${max}` : kind;
    }
    case ApplicationCommandOptionType.Boolean:
      return 'true or false';
    case ApplicationCommandOptionType.Channel:
      return 'a Discord channel id';
    default: {
      const choices = 'choices' in option ? option.choices : undefined;
      return choices && choices.length > 0 ? `one of: ${choices.map((c) => c.value).join(', ')}` : undefined;
    }
  }
}

function optionLines(options: APIApplicationCommandBasicOption[], indent: string): string[] {
  return options.map((o) => {
    const extra = [o.required ? 'required' : undefined, takes(o)].filter(Boolean).join('; ');
    return `${indent}${o.name}: ${o.description}${extra ? ` (${extra})` : ''}`;
  });
}

/**
 * A slash command's subcommands and options in words, for `--help` at the command line: made from
 * its definition, so it never drifts from what the command takes.
 */
export function commandReference(command: CommandModule): string {
  const name = command.definition.name;
  const subs = subcommandsWithOptions(command);
  if (subs.length === 0) {
    const options = optionsOf(command);
    return [
      `As /${name}: ${signature(name, options)}. Options by name (name:value) or in order:`,
      ...optionLines(options, '  '),
    ].join('\n');
  }
  return [
    `As /${name}: a subcommand (${subs[0]!.name} when none is named), then its options by name (name:value) or in order.`,
    '',
    'Subcommands:',
    ...subs.flatMap((s) => [
      `  ${signature(s.name, s.options)}`,
      `      ${s.description}`,
      ...optionLines(s.options, '      '),
    ]),
  ].join('\n');
}
