import Fuse from 'fuse.js';

/** One thing to find, by its key, other names it goes by, and a title whose words find it too. */
export interface Named<T> {
  item: T;
  key: string;
  names: string[];
  title: string;
}

export interface Found<T> {
  item: T;
  score: number;
}

/** What a typed name comes to: the one thing it means, a few it could mean, or the closest to it. */
export type Resolution<T> =
  | { kind: 'exact'; item: T }
  /** Not a name, but it fits only this one (a word of the title, a near miss). */
  | { kind: 'clear'; item: T }
  /** It fits these equally well, best first (at most three), of `count` in all. */
  | { kind: 'ambiguous'; matches: T[]; count: number }
  /** Nothing fits; the closest, best first (at most three; none when nothing is close). */
  | { kind: 'none'; closest: T[] };

/** Lower case, one space between words, punctuation and hyphens as spaces ("Kinship-Leave" is "kinship leave"). */
export const foldName = (text: string) =>
  text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
const singular = (word: string) =>
  word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;

/** How many to offer when a name fits several, or none. */
const OFFER = 3;
/** A score at or above this means matched by name or by every word, not only fuzzily. */
const BY_NAME = 60;
/** Every word of the query is a whole word of its names or title ("children" in "Disabled children"). */
const BY_WHOLE_WORDS = 70;
/** The fewest letters a query needs before it is taken as meaning the one thing it fits. */
const MIN_GUESS_LENGTH = 3;

/**
 * Finds things by what people type: the key, another name ("IROs", "reviewing officer"), words of
 * the title ("pay scale"), or a near miss ("kinshp"), in any case, spacing or hyphenation. Exact and
 * prefix matches rank first; fuzzy matches (fuse.js) fill the rest.
 */
export class NameFinder<T> {
  private readonly fuse: Fuse<{ entry: Named<T>; key: string; names: string[]; title: string }>;
  private readonly folded: Array<{ entry: Named<T>; names: string[]; words: Set<string> }>;

  constructor(private readonly entries: Named<T>[]) {
    this.fuse = new Fuse(
      entries.map((entry) => ({ entry, key: entry.key, names: entry.names, title: entry.title })),
      {
        keys: [
          { name: 'key', weight: 3 },
          { name: 'names', weight: 2 },
          { name: 'title', weight: 1 },
        ],
        includeScore: true,
        ignoreLocation: true,
        threshold: 0.35,
        minMatchCharLength: 2,
      },
    );
    this.folded = entries.map((entry) => {
      const names = [entry.key, entry.key.replace(/-/g, ' '), ...entry.names].map(foldName);
      const words = new Set([...names, foldName(entry.title)].flatMap((n) => n.split(' ')).map(singular));
      return { entry, names, words };
    });
  }

  /** The one thing whose key or other name this is. */
  exact(query: string): T | undefined {
    const q = foldName(query);
    return (
      this.entries.find((e) => e.key === query.trim().toLowerCase()) ??
      this.folded.find((n) => n.names.includes(q) || n.names.includes(singular(q)))?.entry
    )?.item;
  }

  /**
   * The one thing a query clearly means, when it is not an exact name: the only match, or the only
   * one found by name ahead of every other ("pay" is national-pay-scale; "kinship" is several).
   */
  clearMatch(query: string): T | undefined {
    return this.clearOf(this.search(query, 5));
  }

  /**
   * The only one found by name ahead of the rest; or the only one found at all. A name that starts
   * another's ("children" starts "Children's homes") is no clearer than a whole word of a third's
   * ("Disabled children"), so neither is clear; a word that only starts another's ("pay" in
   * "payment") does not stand in the way.
   */
  private clearOf([top, second]: Found<T>[]): T | undefined {
    if (!top) return undefined;
    if (!second) return top.score >= 20 ? top.item : undefined;
    return top.score >= BY_NAME && second.score < top.score && second.score < BY_WHOLE_WORDS ? top.item : undefined;
  }

  /**
   * What a typed name means. `guess` allows a clear match that is not a name; without it such a
   * match is only offered as the closest.
   */
  resolve(query: string, guess = true): Resolution<T> {
    const exact = this.exact(query);
    if (exact !== undefined) return { kind: 'exact', item: exact };
    if (!foldName(query)) return { kind: 'none', closest: [] };
    const ranked = this.search(query, 25);
    // One or two letters ("a") start too many names to be taken as meaning one.
    const clear = foldName(query).length >= MIN_GUESS_LENGTH ? this.clearOf(ranked) : undefined;
    if (clear !== undefined && guess) return { kind: 'clear', item: clear };
    const [top] = ranked;
    if (top && top.score >= BY_NAME && clear === undefined) {
      const fits = ranked.filter((m) => m.score >= BY_NAME);
      return { kind: 'ambiguous', matches: fits.slice(0, OFFER).map((m) => m.item), count: fits.length };
    }
    const closest = ranked.length > 0 ? ranked : this.closestByWord(query);
    return { kind: 'none', closest: closest.slice(0, OFFER).map((m) => m.item) };
  }

  /** When the whole query fits nothing ("IRO abolition"): what its words find, most found first. */
  private closestByWord(query: string): Found<T>[] {
    const totals = new Map<T, Found<T>>();
    for (const word of new Set(foldName(query).split(' '))) {
      if (word.length < 3) continue;
      for (const { item, score } of this.search(word, OFFER)) {
        const found = totals.get(item) ?? { item, score: 0 };
        found.score += score;
        totals.set(item, found);
      }
    }
    const ranked = [...totals.values()].sort((a, b) => b.score - a.score);
    // A word found by name ("iro") outweighs faint fuzzy finds of the others ("abolition").
    return ranked.filter((m) => m.score >= ranked[0]!.score / 2);
  }

  search(query: string, limit = 25): Found<T>[] {
    const q = foldName(query);
    if (!q) return this.entries.slice(0, limit).map((entry) => ({ item: entry.item, score: 0 }));
    const qWords = q.split(' ').map(singular);
    const scored = new Map<string, Found<T> & { key: string }>();
    const offer = (entry: Named<T>, score: number) => {
      const current = scored.get(entry.key);
      if (!current || current.score < score) scored.set(entry.key, { item: entry.item, key: entry.key, score });
    };
    for (const { entry, names, words } of this.folded) {
      if (names.some((n) => n === q || n === singular(q))) offer(entry, 100);
      else if (names.some((n) => n.startsWith(q))) offer(entry, 80);
      else if (qWords.every((w) => words.has(w))) offer(entry, BY_WHOLE_WORDS);
      else if (qWords.every((w) => [...words].some((word) => word.startsWith(w)))) offer(entry, BY_NAME);
    }
    if (scored.size < limit) {
      for (const result of this.fuse.search(q, { limit: limit * 2 }))
        offer(result.item.entry, 40 * (1 - (result.score ?? 1)));
    }
    const ranked = [...scored.values()].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
    // Once something matched by name, faint fuzzy matches are noise ("iro" is not "two loving relationships").
    const floor = (ranked[0]?.score ?? 0) >= BY_NAME ? 35 : 0;
    return ranked
      .filter((m) => m.score >= floor)
      .slice(0, limit)
      .map(({ item, score }) => ({ item, score }));
  }
}
