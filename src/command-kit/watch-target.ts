import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { UserFacingError } from '../errors.ts';
import { escapeText } from '../render/markdown.ts';
import type { WatchKind } from '../store/settings-store.ts';
import { truncate } from '../util/format.ts';
import { themeChoices, themeFromText, themeLabel } from './theme-names.ts';
import { unresolvedName } from './typed-name.ts';
import type { AutocompleteInput, Choice, CommandContext, CommandInput } from './types.ts';

/** The two ways to name what to watch, shared by /watch and /unwatch. */
export const watchTargetOptions = [
  {
    type: ApplicationCommandOptionType.String,
    name: 'theme',
    description: 'A review theme (type a word: kinship, fostering…)',
    // Suggested rather than fixed choices, so that a theme can be typed as well as picked.
    autocomplete: true,
    max_length: 100,
  },
  {
    type: ApplicationCommandOptionType.String,
    name: 'recommendation',
    description: 'A recommendation (type a word: iro, kinship…)',
    autocomplete: true,
    max_length: 100,
  },
] as const;

export interface WatchTarget {
  kind: WatchKind;
  key: string;
  /** The key, and for a theme its name: "**kinship-care** (Kinship care)". */
  named: string;
}

export function watchTarget(ctx: CommandContext, input: CommandInput): WatchTarget {
  const theme = input.options.theme === undefined ? undefined : String(input.options.theme).trim();
  const typed = input.options.recommendation === undefined ? undefined : String(input.options.recommendation).trim();
  if ((theme === undefined) === (typed === undefined))
    throw new UserFacingError(
      'Name one theme or one recommendation, for example theme:kinship-care or recommendation:iro.',
    );
  if (theme !== undefined) {
    const key = themeFromText(theme);
    return { kind: 'theme', key, named: `**${key}** (${themeLabel(key)})` };
  }
  const found = ctx.tracker.get(typed!.toLowerCase());
  if (found) return { kind: 'recommendation', key: found.key, named: `**${found.key}**` };
  const resolution = ctx.finder.resolve(typed!);
  if (resolution.kind === 'exact' || resolution.kind === 'clear')
    return { kind: 'recommendation', key: resolution.item.key, named: `**${resolution.item.key}**` };
  throw unresolvedName(typed!, resolution, {
    noun: 'recommendation',
    describe: (r) => `${r.key} (${escapeText(r.title, 60)})`,
    otherwise: () => 'Pick one from the suggestions, or see /recommendation list.',
  });
}

/** Suggestions for /watch and /unwatch as a theme or recommendation is typed. */
export async function watchTargetChoices(ctx: CommandContext, input: AutocompleteInput): Promise<Choice[]> {
  if (input.focused.name === 'theme') return themeChoices(input.focused.value);
  if (input.focused.name !== 'recommendation') return [];
  return ctx.finder
    .search(input.focused.value, 25)
    .map(({ recommendation: rec }) => ({ name: truncate(`${rec.key}: ${rec.title}`, 100), value: rec.key }));
}
