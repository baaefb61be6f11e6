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

/** A name and its options as a usage line: `show <key>`, `list [theme] [response] [progress]`. */
export function signature(name: string, options: APIApplicationCommandBasicOption[]): string {
  return [name, ...options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].join(' ');
}

/** A command's subcommands, each with its own options; none for a command without subcommands. */
export function subcommandsWithOptions(
  command: CommandModule,
): Array<{ name: string; description: string; options: APIApplicationCommandBasicOption[] }> {
  return subcommandsOf(command).map((s) => ({
    name: s.name,
    description: s.description,
    options: basicOptions('options' in s ? s.options : []),
  }));
}

/** The options of a command without subcommands. */
export const optionsOf = (command: CommandModule) => basicOptions(command.definition.options);

export function usage(command: CommandModule, subcommand?: string): string {
  const subs = subcommandsWithOptions(command);
  if (subs.length === 0) return signature(`/${command.definition.name}`, optionsOf(command));
  return subs
    .filter((s) => !subcommand || s.name === subcommand)
    .map((s) => signature(`/${command.definition.name} ${s.name}`, s.options))
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
      // As Discord refuses it: a longer value is never searched or stored.
      if (
        option.type === ApplicationCommandOptionType.String &&
        option.max_length !== undefined &&
        raw.length > option.max_length
      )
        throw new UserFacingError(`${option.name} must be at most ${option.max_length} characters (got ${raw.length})`);
      const choices = 'choices' in option ? option.choices : undefined;
      if (!choices || choices.length === 0 || choices.some((c) => String(c.value) === raw)) return raw;
      // A choice may be typed as Discord shows it, by its name in any case (`Kinship care`).
      const chosen = choices.find((c) => [String(c.value), c.name].some((n) => n.toLowerCase() === raw.toLowerCase()));
      if (chosen) return chosen.value;
      throw new UserFacingError(`${option.name} must be one of: ${choices.map((c) => c.value).join(', ')}`);
    }
  }
}

type BasicOption = APIApplicationCommandBasicOption;

const isText = (def?: BasicOption) => def?.type === ApplicationCommandOptionType.String;

/** Whether a word is a value a number or true/false option takes (a word never fits a text option this way). */
function fitsNonText(def: BasicOption, word: string): boolean {
  if (isText(def)) return false;
  try {
    convert(def, word);
    return true;
  } catch {
    return false;
  }
}

/**
 * How many of the last words after `name:value` are values for the options in order instead: the
 * most that land only on options a command needs (`/feeds add url:… CYP Now`) or on a number or
 * true/false option they fit (`/items source:community-care 5`); the rest continue the value.
 */
function positionalTail(words: string[], slots: BasicOption[]): number {
  for (let length = words.length; length > 0; length--) {
    const tail = words.slice(words.length - length);
    if (tail.length > slots.length) {
      if (slots.length === 1 && isText(slots[0]) && slots[0].required) return length;
      continue;
    }
    if (tail.every((word, i) => slots[i]!.required || fitsNonText(slots[i]!, word))) return length;
  }
  return 0;
}

/** The command as typed so far, for an example: `/digest show`. */
function commandPrefix(command: CommandModule, subcommand?: string): string {
  return [`/${command.definition.name}`, subcommand].filter(Boolean).join(' ');
}

/**
 * Reads a slash command typed as text (`/recommendation iro`, `/items source:community-care 5`).
 * Options go by name (`name:value`) or in order; a command with subcommands runs its first one when
 * the first word names none. Words after `name:value` continue that value until the next `name:`
 * (`/watch theme:Kinship care`), unless they are what a required option still lacks or a number or
 * true/false for the option next in order. Words beyond the options there are continue the text
 * before them; words that do not fit the options in order are answered with how they were read.
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

  // Each token as typed: `name:value`, or a bare word.
  const typed = tokens.map((token) => {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const def = key ? optionDefs.find((o) => o.name === key) : undefined;
    return def ? { def, value: token.slice(colon + 1) } : { word: token };
  });
  const remaining = optionDefs.filter((o) => !typed.some((t) => t.def === o));

  // Values by name, each with the bare words that continue it; the other bare words go in order.
  const named: Array<{ def: BasicOption; words: string[] }> = [];
  const positional: string[] = [];
  let continued: { def: BasicOption; words: string[] } | undefined;
  let run: string[] = [];
  const endRun = () => {
    if (!continued) return;
    const take = positionalTail(run, remaining.slice(positional.length));
    continued.words.push(...run.slice(0, run.length - take));
    positional.push(...run.slice(run.length - take));
    run = [];
  };
  for (const token of typed) {
    if (token.def) {
      endRun();
      continued = { def: token.def, words: [token.value] };
      named.push(continued);
      if (!isText(token.def)) continued = undefined;
    } else if (continued) run.push(token.word);
    else positional.push(token.word);
  }
  endRun();

  // More words than options left: the words for the one text option left to fill are its text
  // (`/recommendation reviewing officer`).
  const inOrder =
    positional.length > remaining.length && remaining.length === 1 && isText(remaining[0])
      ? [positional.join(' ')]
      : positional;
  const example = `${commandPrefix(command, subcommand)} "${positional.join(' ')}"`;
  if (inOrder.length > remaining.length) {
    const quote = remaining.some(isText) ? `\n(Quote a value that has spaces: ${example}.)` : '';
    throw new UserFacingError(`Too many arguments. Usage:\n${usage(command, subcommand)}${quote}`);
  }
  const options: Record<string, OptionValue> = {};
  for (const { def, words } of named) options[def.name] = convert(def, words.filter(Boolean).join(' '));
  inOrder.forEach((word, i) => {
    const def = remaining[i]!;
    try {
      options[def.name] = convert(def, word);
    } catch (error) {
      if (!(error instanceof UserFacingError) || inOrder.length < 2) throw error;
      const read = inOrder.map((w, j) => `"${w}" as ${remaining[j]!.name}`).join(', ');
      throw new UserFacingError(
        `The words were taken in order (${read}), and ${error.message}. Quote a value that has spaces (${example}) or give it by name (${remaining[0]!.name}:${positional.join(' ')}). Usage:\n${usage(command, subcommand)}`,
      );
    }
  });
  const missing = optionDefs.filter((o) => o.required && !(o.name in options));
  if (missing.length > 0) {
    throw new UserFacingError(
      `Missing ${missing.map((o) => o.name).join(', ')}. Usage:\n${usage(command, subcommand)}`,
    );
  }
  return { command, subcommand, options };
}
