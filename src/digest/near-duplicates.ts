import type { Item } from '../sources/item.ts';

const STOPWORDS = new Set(
  'a an and are as at be been but by for from has have how in into is it its more new not of on or over says say said than that the their them there they this to under up was we were what when which who why will with after before about amid could should would may can must our your you out off'.split(
    ' ',
  ),
);
const DAY_MS = 24 * 3600 * 1000;

/** How alike two tellings must be to count as one story. */
export interface DuplicateThresholds {
  /** Days apart beyond which two items are never the same story. */
  windowDays: number;
  /** Across outlets: headlines this alike, or headlines `crossTitleWithText` alike and texts `crossText` alike. */
  crossTitle: number;
  crossTitleWithText: number;
  crossText: number;
  /** From one outlet (a story told twice): stricter, as an outlet often follows up its own story. */
  sameTitle: number;
  sameTitleWithText: number;
  sameText: number;
}

export const DEFAULT_THRESHOLDS: DuplicateThresholds = {
  windowDays: 3,
  crossTitle: 0.6,
  crossTitleWithText: 0.4,
  crossText: 0.5,
  sameTitle: 0.8,
  sameTitleWithText: 0.5,
  sameText: 0.7,
};

/** Words that carry meaning, folded: lower case, no accents, no possessive or plural ending, stemmed crudely. */
export function contentWords(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9£]+/);
  const out: string[] = [];
  for (const word of words) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    const singular =
      word.length > 4 && word.endsWith('ies')
        ? `${word.slice(0, -3)}y`
        : word.length > 3 && word.endsWith('s') && !word.endsWith('ss')
          ? word.slice(0, -1)
          : word;
    // The first six letters stand for the word: "announces", "announced" and "announcement" agree.
    out.push(singular.slice(0, 6));
  }
  return out;
}

interface Profile {
  time: number;
  sourceId: string;
  kind: string;
  /** Word ids of the headline, and of headline and text together, with their total weights. */
  title: Set<number>;
  titleWeight: number;
  text: Set<number>;
  textWeight: number;
}

/** Dice overlap weighted by rarity: shared rare words ("Mockingbird") count more than common ones ("social"). */
function overlap(a: Set<number>, aWeight: number, b: Set<number>, bWeight: number, weights: Float64Array): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const word of small) if (large.has(word)) shared += weights[word]!;
  const total = aWeight + bWeight;
  return total === 0 ? 0 : (2 * shared) / total;
}

/** Whether `own` has a headline word that `other` lacks and no other item uses: a name, a place, a sum. */
function hasOwnWord(own: Set<number>, other: Set<number>, frequency: Uint32Array): boolean {
  for (const word of own) if (!other.has(word) && frequency[word] === 1) return true;
  return false;
}

/**
 * Groups the items that tell one story: the same story from two outlets, or told twice by one,
 * judged by how much their headlines and texts share, within a few days of each other. Items of
 * different kinds (`kindOf`: a body's statement and the news it answers) are never one story. Returns
 * every item exactly once, in groups ordered by their earliest item; within a group, the tellings
 * whose source dated them first, earliest first, then the undated ones (whose time is only when they
 * were first fetched), earliest fetched first: a group is led by a dated telling when it has one.
 */
export function groupNearDuplicates(
  items: Item[],
  thresholds: DuplicateThresholds = DEFAULT_THRESHOLDS,
  kindOf: (item: Item) => string = () => '',
): Item[][] {
  const sorted = [...items].sort((a, b) => a.published.localeCompare(b.published) || a.id.localeCompare(b.id));
  const ids = new Map<string, number>();
  const idOf = (word: string) => {
    let id = ids.get(word);
    if (id === undefined) ids.set(word, (id = ids.size));
    return id;
  };
  const words = sorted.map((item) => {
    const title = contentWords(item.title).map(idOf);
    return { title: new Set(title), text: new Set([...title, ...contentWords(item.summary).slice(0, 60).map(idOf)]) };
  });
  const frequency = new Uint32Array(ids.size);
  for (const { text } of words) for (const id of text) frequency[id]!++;
  const weights = new Float64Array(ids.size);
  for (let id = 0; id < ids.size; id++) weights[id] = Math.log(1 + sorted.length / frequency[id]!);
  const total = (set: Set<number>) => {
    let sum = 0;
    for (const id of set) sum += weights[id]!;
    return sum;
  };
  const profiles: Profile[] = sorted.map((item, i) => {
    const { title, text } = words[i]!;
    return {
      time: Date.parse(item.published),
      sourceId: item.sourceId,
      kind: kindOf(item),
      title,
      titleWeight: total(title),
      text,
      textWeight: total(text),
    };
  });
  // Prefix filtering: two headlines alike enough (weighted Dice ≥ t) share at least t/2 of each one's
  // weight, so, with words taken rarest first, they share a word among each one's first words up to
  // where less than t/2 of its weight remains. Only those words need indexing and probing.
  const least = Math.min(thresholds.crossTitleWithText, thresholds.sameTitleWithText) / 2;
  const prefix = (profile: Profile): number[] => {
    const ordered = [...profile.title].sort((x, y) => frequency[x]! - frequency[y]! || x - y);
    const out: number[] = [];
    let remaining = profile.titleWeight;
    for (const id of ordered) {
      if (remaining < least * profile.titleWeight) break;
      out.push(id);
      remaining -= weights[id]!;
    }
    return out;
  };

  // Each item is compared with the first telling of each recent story, never with other members: a
  // chain of items each a little like the next ("council cuts…", "council pilots…") is not one story.
  // Only stories whose first headline shares a prefix word with this one are candidates.
  const groups: Array<{ lead: Profile; items: Item[] }> = [];
  const groupsByWord = new Map<number, number[]>();
  const seen = new Int32Array(sorted.length).fill(-1);
  const window = thresholds.windowDays * DAY_MS;
  sorted.forEach((item, i) => {
    const b = profiles[i]!;
    const probe = prefix(b);
    let best: { group: number; score: number } | undefined;
    for (const word of probe) {
      const candidates = groupsByWord.get(word) ?? [];
      for (let c = candidates.length - 1; c >= 0; c--) {
        const g = candidates[c]!;
        const a = groups[g]!.lead;
        if (b.time - a.time > window) break;
        if (seen[g] === i || a.kind !== b.kind) continue;
        seen[g] = i;
        const same = a.sourceId === b.sourceId;
        const titles = overlap(a.title, a.titleWeight, b.title, b.titleWeight, weights);
        if (titles < (same ? thresholds.sameTitleWithText : thresholds.crossTitleWithText)) continue;
        // Headlines on one template ("Ofsted rates Leeds…", "Ofsted rates Birmingham…") each have a
        // word found nowhere else: alike headlines are then not enough, the texts must agree too.
        const titlesSuffice =
          titles >= (same ? thresholds.sameTitle : thresholds.crossTitle) &&
          !(hasOwnWord(a.title, b.title, frequency) && hasOwnWord(b.title, a.title, frequency));
        const alike =
          titlesSuffice ||
          overlap(a.text, a.textWeight, b.text, b.textWeight, weights) >=
            (same ? thresholds.sameText : thresholds.crossText);
        if (alike && (!best || titles > best.score)) best = { group: g, score: titles };
      }
    }
    if (best) {
      groups[best.group]!.items.push(item);
      return;
    }
    const g = groups.push({ lead: b, items: [item] }) - 1;
    for (const word of probe) {
      const list = groupsByWord.get(word);
      if (list) list.push(g);
      else groupsByWord.set(word, [g]);
    }
  });
  // `sorted` is by time, so each group's items are too: a stable sort puts its dated ones first.
  return groups.map((g) => g.items.sort((a, b) => Number(b.publishedKnown) - Number(a.publishedKnown)));
}
