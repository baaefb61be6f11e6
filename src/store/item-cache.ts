import type { Item } from '../sources/item.ts';

/**
 * Newest first by the date its source gave; stories with no date (whose stored time is only when
 * they were fetched) after every dated one, most recently fetched first: a story fetched today is
 * not today's news unless its source says so.
 */
function newerFirst(a: Item, b: Item): number {
  return (
    Number(b.publishedKnown) - Number(a.publishedKnown) ||
    b.published.localeCompare(a.published) ||
    b.firstSeen.localeCompare(a.firstSeen) ||
    a.id.localeCompare(b.id)
  );
}

/** Where `item` sits (or would sit) in a list kept newest first; the ordering fields never change. */
function sortedPosition(list: Item[], item: Item): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (newerFirst(list[mid]!, item) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insertSorted(list: Item[], item: Item): void {
  list.splice(sortedPosition(list, item), 0, item);
}

function removeSorted(list: Item[], item: Item): void {
  const at = sortedPosition(list, item);
  if (list[at]?.id === item.id) list.splice(at, 1);
  else {
    const found = list.findIndex((other) => other.id === item.id);
    if (found >= 0) list.splice(found, 1);
  }
}

/**
 * An item as the cache keeps it: without its body, which only classification reads (from the
 * store). Listing, digests and lookups use the title, summary and tags.
 */
export function leanItem(item: Item): Item {
  if (item.body === undefined) return item;
  const { body: _body, ...rest } = item;
  return rest;
}

/** The index keys of an item's tags: `theme:<key>` and `recommendation:<key>`. */
function tagKeys(item: Item): string[] {
  const c = item.classification;
  if (!c?.aboutReform) return [];
  return [...c.themes.map((t) => `theme:${t.key}`), ...c.recommendations.map((t) => `recommendation:${t.key}`)];
}

/**
 * The stored items held in memory for fast listing: by id, newest first, and by tag. A cache of the
 * store only: it is filled from what the store returned and can be dropped and rebuilt at any time.
 */
export class ItemCache {
  private readonly byId = new Map<string, Item>();
  private sorted: Item[] = [];
  private readonly byTag = new Map<string, Item[]>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Item | undefined {
    return this.byId.get(id);
  }

  /** Replaces the whole cache (start-up, or after being away too long to catch up change by change). */
  load(items: Item[]): void {
    this.byId.clear();
    this.byTag.clear();
    this.sorted = items.map(leanItem).sort(newerFirst);
    for (const item of this.sorted) {
      this.byId.set(item.id, item);
      for (const tag of tagKeys(item)) this.tagList(tag).push(item);
    }
  }

  /** Adds or replaces an item as the store now holds it. */
  put(stored: Item): void {
    const item = leanItem(stored);
    const previous = this.byId.get(item.id);
    if (previous) {
      removeSorted(this.sorted, previous);
      for (const tag of tagKeys(previous)) {
        const list = this.byTag.get(tag);
        if (list) removeSorted(list, previous);
      }
    }
    this.byId.set(item.id, item);
    insertSorted(this.sorted, item);
    for (const tag of tagKeys(item)) insertSorted(this.tagList(tag), item);
  }

  all(): Item[] {
    return this.sorted;
  }

  tagged(tag: string): Item[] {
    return this.byTag.get(tag) ?? [];
  }

  private tagList(tag: string): Item[] {
    let list = this.byTag.get(tag);
    if (!list) this.byTag.set(tag, (list = []));
    return list;
  }
}
