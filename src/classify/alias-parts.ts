/**
 * An alias is a phrase ("kinship leave") or, for headlines that name the effect rather than the
 * proposal, phrases joined by " + " that must all appear in the same field ("kinship + forced out of
 * work"). The parts are matched like any phrase: any case, plurals and possessives allowed.
 */
export const ALIAS_JOIN = ' + ';

export function aliasParts(alias: string): string[] {
  return alias.split(/\s+\+\s+/).map((part) => part.trim());
}

/** What is wrong with an alias's form, or undefined when it is well formed. */
export function aliasProblem(alias: string): string | undefined {
  const parts = aliasParts(alias);
  if (parts.some((part) => part.length < 2))
    return `alias "${alias}": each part joined by " + " needs at least 2 characters`;
  if (new Set(parts.map((p) => p.toLowerCase())).size < parts.length) return `alias "${alias}" repeats a part`;
  return undefined;
}
