import { UserFacingError } from '../errors.ts';
import { escapeText } from '../render/markdown.ts';
import type { Resolution } from '../util/name-finder.ts';

/** What a typed name that found no one thing is told: the few it fits, or the closest and what else to try. */
export function unresolvedName<T>(
  typed: string,
  resolution: Extract<Resolution<T>, { kind: 'ambiguous' | 'none' }>,
  what: { noun: string; describe: (item: T) => string; otherwise: (closest: T[]) => string },
): UserFacingError {
  const shown = escapeText(typed, 60);
  const list = (items: T[]) => items.map(what.describe).join('; ');
  if (resolution.kind === 'ambiguous') {
    const more = resolution.count - resolution.matches.length;
    return new UserFacingError(
      `"${shown}" fits more than one ${what.noun}: ${list(resolution.matches)}${more > 0 ? `, and ${more} more` : ''}. Give one of these keys, or more of its name.`,
    );
  }
  const guesses = resolution.closest.length > 0 ? ` Did you mean: ${list(resolution.closest)}?` : '';
  const otherwise = what.otherwise(resolution.closest);
  return new UserFacingError(`No ${what.noun} "${shown}".${guesses}${otherwise ? ` ${otherwise}` : ''}`);
}
