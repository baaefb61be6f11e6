import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import { UserFacingError } from '../errors.ts';
import type { CommandModule, OptionValue } from './types.ts';

export interface ParsedTextCommand {
  command: CommandModule;
  subcommand?: string;
  options: Record<string, OptionValue>;
}

/** Splits a line into words; "double" or 'single' quotes keep spaces inside one word. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  for (const match of line.matchAll(/(\S+?:)?"([^"]*)"|(\S+?:)?'([^']*)'|(\S+)/g)) {
    if (match[2] !== undefined) tokens.push(`${match[1] ?? ''}${match[2]}`);
    else if (match[4] !== undefined) tokens.push(`${match[3] ?? ''}${match[4]}`);
    else tokens.push(match[5]!);
  }
  return tokens;
}

function subcommandsOf(command: CommandModule): APIApplicationCommandOption[] {
  return (command.definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
}

function basicOptions(options: APIApplicationCommandOption[] | undefined): APIApplicationCommandBasicOption[] {
  return (options ?? []).filter(
    (o): o is APIApplicationCommandBasicOption =>
      o.type !== ApplicationCommandOptionType.Subcommand && o.type !== ApplicationCommandOptionType.SubcommandGroup,
  );
}

export function usage(command: CommandModule, subcommand?: string): string {
  const subs = subcommandsOf(command);
  const describe = (name: string, options: APIApplicationCommandBasicOption[]) =>
    [name, ...options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].join(' ');
  if (subs.length === 0) return describe(`/${command.definition.name}`, basicOptions(command.definition.options));
  return subs
    .filter((s) => !subcommand || s.name === subcommand)
    .map((s) => describe(`/${command.definition.name} ${s.name}`, basicOptions('options' in s ? s.options : [])))
    .join('\n');
}

function convert(option: APIApplicationCommandBasicOption, raw: string): OptionValue {
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const value = Number(raw);
      if (
        !Number.isFinite(value) ||
        (option.type === ApplicationCommandOptionType.Integer && !Number.isInteger(value))
      ) {
        throw new UserFacingError(
          `${option.name} must be a ${option.type === ApplicationCommandOptionType.Integer ? 'whole number' : 'number'} (got "${raw}")`,
        );
      }
      if (option.min_value !== undefined && value < option.min_value)
        throw new UserFacingError(`${option.name} must be at least ${option.min_value}`);
      if (option.max_value !== undefined && value > option.max_value)
        throw new UserFacingError(`${option.name} must be at most ${option.max_value}`);
      return value;
    }
    case ApplicationCommandOptionType.Boolean:
      if (!/^(true|false|yes|no)$/i.test(raw)) throw new UserFacingError(`${option.name} must be true or false`);
      return /^(true|yes)$/i.test(raw);
    default: {
      const choices = 'choices' in option ? option.choices : undefined;
      if (choices && choices.length > 0 && !choices.some((c) => String(c.value) === raw)) {
        throw new UserFacingError(`${option.name} must be one of: ${choices.map((c) => c.value).join(', ')}`);
      }
      return raw;
    }
  }
}

/**
 * Reads a slash command typed as text (`/recommendation iro`, `/items source:community-care 5`).
 * Options go by name (`name:value`) or in order; a command with subcommands runs its first one when
 * the first word names none. Words beyond the options there are continue the text before them.
 */
export function parseTextCommand(line: string, commands: CommandModule[]): ParsedTextCommand {
  const tokens = tokenize(line.trim());
  const name = tokens.shift()?.replace(/^\//, '').toLowerCase();
  if (!name) throw new UserFacingError('Type a command, for example /help');
  const command = commands.find((c) => c.definition.name === name);
  if (!command) throw new UserFacingError(`Unknown command /${name}. Type /help for the list.`);

  const subs = subcommandsOf(command);
  let subcommand: string | undefined;
  let optionDefs = basicOptions(command.definition.options);
  if (subs.length > 0) {
    const named = subs.find((s) => s.name === tokens[0]?.toLowerCase());
    const chosen = named ?? subs[0]!;
    if (named) tokens.shift();
    subcommand = chosen.name;
    optionDefs = basicOptions('options' in chosen ? chosen.options : []);
  }

  // Each value as typed: `name:value`, or a word for the next option in order.
  const values: Array<{ def?: APIApplicationCommandBasicOption; words: string[] }> = [];
  for (const token of tokens) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const def = key ? optionDefs.find((o) => o.name === key) : undefined;
    values.push(def ? { def, words: [token.slice(colon + 1)] } : { words: [token] });
  }
  const remaining = optionDefs.filter((o) => !values.some((v) => v.def === o));
  const isText = (def?: APIApplicationCommandBasicOption) => def?.type === ApplicationCommandOptionType.String;
  // More words than options left: the words for the one text option left to fill are its text
  // (`/recommendation reviewing officer`, `/feeds add url:… CYP Now`), and words after `name:value`
  // continue its text (`/recommendation key:reviewing officer`).
  let words = values.filter((v) => !v.def).length;
  if (words > 1 && remaining.length === 1 && isText(remaining[0])) {
    const [first, ...rest] = values.filter((v) => !v.def);
    for (const extra of rest) {
      first!.words.push(...extra.words);
      values.splice(values.indexOf(extra), 1);
    }
    words = 1;
  }
  for (let i = 1; i < values.length && words > remaining.length;) {
    if (!values[i]!.def && isText(values[i - 1]!.def)) {
      values[i - 1]!.words.push(...values.splice(i, 1)[0]!.words);
      words--;
    } else i++;
  }
  if (words > remaining.length) {
    throw new UserFacingError(
      `Too many arguments. Usage:\n${usage(command, subcommand)}\n(Quote a value that has spaces.)`,
    );
  }
  const options: Record<string, OptionValue> = {};
  let next = 0;
  for (const { def, words: parts } of values) {
    const target = def ?? remaining[next++]!;
    options[target.name] = convert(target, parts.join(' '));
  }
  const missing = optionDefs.filter((o) => o.required && !(o.name in options));
  if (missing.length > 0) {
    throw new UserFacingError(
      `Missing ${missing.map((o) => o.name).join(', ')}. Usage:\n${usage(command, subcommand)}`,
    );
  }
  return { command, subcommand, options };
}
