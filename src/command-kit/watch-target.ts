import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { THEMES } from '../classify/themes.ts';
import { UserFacingError } from '../errors.ts';
import { escapeText } from '../render/markdown.ts';
import type { WatchKind } from '../store/settings-store.ts';
import { truncate } from '../util/format.ts';
import type { AutocompleteInput, Choice, CommandContext, CommandInput } from './types.ts';

/** The two ways to name what to watch, shared by /watch and /unwatch. */
export const watchTargetOptions = [
  {
    type: ApplicationCommandOptionType.String,
    name: 'theme',
    description: 'A review theme',
    choices: THEMES.map((t) => ({ name: t, value: t })),
  },
  {
    type: ApplicationCommandOptionType.String,
    name: 'recommendation',
    description: 'A recommendation (type a word: iro, kinship…)',
    autocomplete: true,
    max_length: 100,
  },
] as const;

export function watchTarget(ctx: CommandContext, input: CommandInput): { kind: WatchKind; key: string } {
  const theme = input.options.theme === undefined ? undefined : String(input.options.theme);
  const typed = input.options.recommendation === undefined ? undefined : String(input.options.recommendation).trim();
  if ((theme === undefined) === (typed === undefined))
    throw new UserFacingError(
      'Name one theme or one recommendation, for example theme:kinship-care or recommendation:iro.',
    );
  if (theme !== undefined) {
    if (!(THEMES as readonly string[]).includes(theme))
      throw new UserFacingError(`Unknown theme "${escapeText(truncate(theme, 40))}". Themes: ${THEMES.join(', ')}`);
    return { kind: 'theme', key: theme };
  }
  const found = ctx.tracker.get(typed!.toLowerCase()) ?? ctx.finder.exact(typed!);
  if (!found)
    throw new UserFacingError(
      `No recommendation "${escapeText(truncate(typed!, 60))}". Pick one from the suggestions, or see /recommendation list.`,
    );
  return { kind: 'recommendation', key: found.key };
}

export async function recommendationChoices(ctx: CommandContext, input: AutocompleteInput): Promise<Choice[]> {
  if (input.focused.name !== 'recommendation') return [];
  return ctx.finder
    .search(input.focused.value, 25)
    .map(({ recommendation: rec }) => ({ name: truncate(`${rec.key}: ${rec.title}`, 100), value: rec.key }));
}
