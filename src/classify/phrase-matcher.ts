/**
 * Finds many phrases in a text in one pass over its words. The text is split into word tokens
 * (a hyphen splits words; "£2.6bn" and "children's" stay whole); each token is reduced to a simple
 * stem (possessive and plural endings removed), and phrases are looked up in a trie of stems,
 * longest match first at each position. So "foster carer" also finds "foster carers", "IRO" finds
 * "IROs" and "IRO's", and "co-operative" finds "cooperative". ALL-CAPS phrases (acronyms) are matched
 * on the original case, so "IRO" never matches "iro" inside a sentence in lower case, and "SEND" never
 * "send".
 */
export interface PhraseMatch<T> {
  /** The text as it appeared. */
  text: string;
  start: number;
  targets: T[];
}

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  targets?: T[];
}

interface Token {
  stem: string;
  raw: string;
  start: number;
  end: number;
}

const TOKEN = /[\p{L}\p{N}£$%]+(?:['.,][\p{L}\p{N}]+)*/gu;

export function stem(word: string): string {
  let w = word.replace(/'s$/, '').replace(/s'$/, 's');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is'))
    w = w.slice(0, -1);
  return w;
}

export interface PreparedText {
  text: string;
  tokens: readonly Token[];
}

/** Splits a text into stemmed words once, for every matcher that reads it. */
export function prepareText(text: string): PreparedText {
  const tokens = text ? tokenize(text) : [];
  for (const token of tokens) token.stem = stem(token.raw.toLowerCase());
  return { text, tokens };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const normalised = text.replace(/[’‘`]/g, "'");
  for (const m of normalised.matchAll(TOKEN))
    tokens.push({ raw: m[0], stem: '', start: m.index, end: m.index + m[0].length });
  return tokens;
}

const isAcronym = (phrase: string) => /[A-Z]/.test(phrase) && !/[a-z]/.test(phrase.replace(/s$/, ''));

/** An acronym without its plural or possessive ending: IROs, IRO's and IROs' are all IRO. */
const acronymKey = (word: string) => word.replace(/'s?$/, '').replace(/s$/, '');

function phraseStems(phrase: string, acronym: boolean): string[][] {
  const words = tokenize(phrase).map((t) => t.raw);
  const fold = (w: string) => (acronym ? acronymKey(w) : stem(w.toLowerCase()));
  const variants = [words.map(fold)];
  // "co-operative" is also written "cooperative": index the joined form too.
  if (/[-‐–]/.test(phrase)) {
    const joined = phrase.replace(/[-‐–]/g, '');
    variants.push(tokenize(joined).map((t) => fold(t.raw)));
  }
  return variants.filter((v) => v.length > 0);
}

export class PhraseMatcher<T> {
  private readonly folded: TrieNode<T> = { next: new Map() };
  private readonly acronyms: TrieNode<T> = { next: new Map() };
  private hasAcronyms = false;

  constructor(entries: Array<{ phrase: string; target: T }>) {
    for (const { phrase, target } of entries) {
      const acronym = isAcronym(phrase);
      if (acronym) this.hasAcronyms = true;
      for (const words of phraseStems(phrase, acronym)) {
        let node = acronym ? this.acronyms : this.folded;
        for (const word of words) {
          let child = node.next.get(word);
          if (!child) node.next.set(word, (child = { next: new Map() }));
          node = child;
        }
        if (!node.targets) node.targets = [];
        // "social worker" and "social workers" are one phrase: the same target is kept once.
        const same = JSON.stringify(target);
        if (!node.targets.some((t) => t === target || JSON.stringify(t) === same)) node.targets.push(target);
      }
    }
  }

  /** Matches in a text, or in a text already split by `prepareText` (several matchers can share one split). */
  match(input: string | PreparedText): PhraseMatch<T>[] {
    const { text, tokens } = typeof input === 'string' ? prepareText(input) : input;
    if (tokens.length === 0) return [];
    const out: PhraseMatch<T>[] = [];
    this.walk(tokens, text, this.folded, (t) => t.stem, out);
    if (this.hasAcronyms) this.walk(tokens, text, this.acronyms, (t) => acronymKey(t.raw), out);
    return out;
  }

  private walk(
    tokens: readonly Token[],
    text: string,
    root: TrieNode<T>,
    key: (t: Token) => string,
    out: PhraseMatch<T>[],
  ): void {
    let i = 0;
    while (i < tokens.length) {
      let node = root.next.get(key(tokens[i]!));
      let bestEnd = -1;
      let bestTargets: T[] | undefined;
      let j = i;
      while (node) {
        if (node.targets) {
          bestEnd = j;
          bestTargets = node.targets;
        }
        j++;
        if (j >= tokens.length) break;
        node = node.next.get(key(tokens[j]!));
      }
      if (bestTargets) {
        const start = tokens[i]!.start;
        out.push({ text: text.slice(start, tokens[bestEnd]!.end), start, targets: bestTargets });
        i = bestEnd + 1;
      } else i++;
    }
  }
}
