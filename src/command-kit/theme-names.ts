import { THEMES, type Theme } from '../classify/themes.ts';
import { THEME_LABELS } from '../digest/theme-labels.ts';
import { NameFinder } from '../util/name-finder.ts';
import { truncate } from '../util/format.ts';
import { unresolvedName } from './typed-name.ts';
import type { Choice } from './types.ts';

/** The review's themes found by key or name as typed ("KINSHIP care", "Kinship", "fostering"). */
const themeFinder = new NameFinder<Theme>(
  THEMES.map((theme) => ({ item: theme, key: theme, names: [THEME_LABELS[theme]], title: THEME_LABELS[theme] })),
);

const described = (theme: Theme) => `${theme} (${THEME_LABELS[theme]})`;

/**
 * The theme a user typed, by key or name in any case; a refusal naming the few it fits, or every
 * theme. With `guess: false` (a shared edit), only a key or name is taken, never a word it fits.
 */
export function themeFromText(typed: string, options: { guess?: boolean } = {}): Theme {
  const resolution = themeFinder.resolve(typed, options.guess ?? true);
  if (resolution.kind === 'exact' || resolution.kind === 'clear') return resolution.item;
  throw unresolvedName(typed, resolution, {
    noun: 'theme',
    describe: described,
    otherwise: () => `Themes: ${THEMES.map(described).join(', ')}`,
  });
}

/** Themes to suggest as a user types, each named as a reader would and by its key. */
export function themeChoices(typed: string): Choice[] {
  return themeFinder
    .search(typed, 25)
    .map(({ item }) => ({ name: truncate(`${THEME_LABELS[item]} (${item})`, 100), value: item }));
}

export const themeLabel = (theme: Theme) => THEME_LABELS[theme];
