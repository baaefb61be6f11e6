import type { Item } from '../sources/item.ts';

const STOPWORDS = new Set(
  'a an and are as at be been but by for from has have how in into is it its more new not of on or over says say said than that the their them there they this to under up was we were what when which who why will with after before about amid could should would may can must our your you out off'.split(' '),
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
    const singular = word.length > 4 && word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
    // The first six letters stand for the word: "announces", "announced" and "announcement" agree.
    out.push(singular.slice(0, 6));
  }
  return out;
}

interface Profile {
  time: number;
  sourceId: string;
  kind: string;
  title: Set<string>;
  text: Set<string>;
}

/** Dice overlap weighted by rarity: shared rare words ("Mockingbird") count more than common ones ("social"). */
function overlap(a: Set<string>, b: Set<string>, weight: (word: string) => number): number {
  let shared = 0;
  let total = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const word of small) {
    const w = weight(word);
    total += w;
    if (large.has(word)) shared += w;
  }
  for (const word of large) total += weight(word);
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * Groups the items that tell one story: the same story from two outlets, or told twice by one,
 * judged by how much their headlines and texts share, within a few days of each other. Items of
 * different kinds (`kindOf`: a body's statement and the news it answers) are never one story. Returns
 * every item exactly once, in groups ordered by their earliest item; within a group, earliest first.
 */
export function groupNearDuplicates(items: Item[], thresholds: DuplicateThresholds = DEFAULT_THRESHOLDS, kindOf: (item: Item) => string = () => ''): Item[][] {
  const sorted = [...items].sort((a, b) => a.published.localeCompare(b.published) || a.id.localeCompare(b.id));
  const profiles: Profile[] = sorted.map((item) => {
    const title = contentWords(item.title);
    return { time: Date.parse(item.published), sourceId: item.sourceId, kind: kindOf(item), title: new Set(title), text: new Set([...title, ...contentWords(item.summary).slice(0, 60)]) };
  });
  const documentFrequency = new Map<string, number>();
  for (const profile of profiles) for (const word of profile.text) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const weights = new Map<string, number>();
  const weight = (word: string) => {
    let w = weights.get(word);
    if (w === undefined) weights.set(word, (w = Math.log(1 + profiles.length / (documentFrequency.get(word) ?? 1))));
    return w;
  };

  // Each item is compared with the first telling of each recent story, never with other members: a
  // chain of items each a little like the next ("council cuts…", "council pilots…") is not one story.
  const groups: Array<{ lead: Profile; items: Item[] }> = [];
  const window = thresholds.windowDays * DAY_MS;
  sorted.forEach((item, i) => {
    const b = profiles[i]!;
    let best: { group: (typeof groups)[number]; score: number } | undefined;
    for (let g = groups.length - 1; g >= 0 && b.time - groups[g]!.lead.time <= window; g--) {
      const a = groups[g]!.lead;
      if (a.kind !== b.kind) continue;
      const same = a.sourceId === b.sourceId;
      const titles = overlap(a.title, b.title, weight);
      if (titles < (same ? thresholds.sameTitleWithText : thresholds.crossTitleWithText)) continue;
      const alike = titles >= (same ? thresholds.sameTitle : thresholds.crossTitle) || overlap(a.text, b.text, weight) >= (same ? thresholds.sameText : thresholds.crossText);
      if (alike && (!best || titles > best.score)) best = { group: groups[g]!, score: titles };
    }
    if (best) best.group.items.push(item);
    else groups.push({ lead: b, items: [item] });
  });
  return groups.map((g) => g.items);
}
