import type Keyv from 'keyv';
import type { Item } from '../sources/item.ts';
import { readAll } from './open-store.ts';

/** Titles compared for "same story, same source": case, punctuation and spacing do not count. */
export function titleKey(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function dedupKeys(item: Pick<Item, 'sourceId' | 'guid' | 'url' | 'title'>): string[] {
  const keys = [`url:${item.url}`];
  if (item.guid) keys.push(`guid:${item.sourceId}:${item.guid}`);
  const title = titleKey(item.title);
  if (title.length >= 12) keys.push(`title:${item.sourceId}:${title}`);
  return keys;
}

function newerFirst(a: Item, b: Item): number {
  return b.published.localeCompare(a.published) || b.firstSeen.localeCompare(a.firstSeen) || a.id.localeCompare(b.id);
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

function indexOfSorted(list: Item[], item: Item): number {
  const at = sortedPosition(list, item);
  return list[at]?.id === item.id ? at : -1;
}

/** The index keys of an item's tags: `theme:<key>` and `recommendation:<key>`. */
function tagKeys(item: Item): string[] {
  const c = item.classification;
  if (!c?.aboutReform) return [];
  return [...c.themes.map((t) => `theme:${t.key}`), ...c.recommendations.map((t) => `recommendation:${t.key}`)];
}

export interface ListOptions {
  sourceId?: string;
  limit?: number;
}

/**
 * Items are written through to keyv and indexed in memory (by every key a story may come back under,
 * and newest first), so dedup and listing never scan the backend. The index is rebuilt from the store
 * on open, which is what makes "never new twice" hold across restarts.
 */
export class ItemStore {
  private readonly byId = new Map<string, Item>();
  private readonly byDedupKey = new Map<string, string>();
  private sorted: Item[] = [];
  private readonly byTag = new Map<string, Item[]>();

  private constructor(private readonly kv: Keyv<Item>) {}

  static async open(kv: Keyv<Item>): Promise<ItemStore> {
    const store = new ItemStore(kv);
    for (const [, item] of await readAll(kv)) {
      store.index(item);
      store.sorted.push(item);
    }
    store.sorted.sort(newerFirst);
    for (const item of store.sorted) for (const tag of tagKeys(item)) store.tagList(tag).push(item);
    return store;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Item | undefined {
    return this.byId.get(id);
  }

  /** The stored item this candidate is the same story as, if any. */
  findExisting(candidate: Pick<Item, 'id' | 'sourceId' | 'guid' | 'url' | 'title'>): Item | undefined {
    const direct = this.byId.get(candidate.id);
    if (direct) return direct;
    for (const key of dedupKeys(candidate)) {
      const id = this.byDedupKey.get(key);
      if (id) return this.byId.get(id);
    }
    return undefined;
  }

  /**
   * Stores the candidates that are new and returns them; a candidate that is an already-stored story
   * only refreshes its comment count. Duplicates within the batch count once.
   */
  async addNew(candidates: Item[]): Promise<Item[]> {
    const added: Item[] = [];
    const updated: Item[] = [];
    for (const candidate of candidates) {
      const existing = this.findExisting(candidate);
      if (existing) {
        if (candidate.commentCount !== undefined && candidate.commentCount !== existing.commentCount) {
          const refreshed = { ...existing, commentCount: candidate.commentCount, commentsFeedUrl: existing.commentsFeedUrl ?? candidate.commentsFeedUrl };
          this.replace(refreshed);
          updated.push(refreshed);
        }
        continue;
      }
      this.index(candidate);
      insertSorted(this.sorted, candidate);
      for (const tag of tagKeys(candidate)) insertSorted(this.tagList(tag), candidate);
      added.push(candidate);
    }
    await this.persist([...added, ...updated]);
    return added;
  }

  /** Replaces stored items by id (for example after re-classification). */
  async update(items: Item[]): Promise<void> {
    for (const item of items) this.replace(item);
    await this.persist(items);
  }

  list(options: ListOptions = {}): Item[] {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const out: Item[] = [];
    for (const item of this.sorted) {
      if (options.sourceId && item.sourceId !== options.sourceId) continue;
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }

  all(): Item[] {
    return this.sorted;
  }

  /** Newest items filed under a theme or recommendation, from the tag index. */
  tagged(kind: 'theme' | 'recommendation', key: string, limit = 5): Item[] {
    return (this.byTag.get(`${kind}:${key}`) ?? []).slice(0, limit);
  }

  taggedCount(kind: 'theme' | 'recommendation', key: string): number {
    return this.byTag.get(`${kind}:${key}`)?.length ?? 0;
  }

  private tagList(tag: string): Item[] {
    let list = this.byTag.get(tag);
    if (!list) this.byTag.set(tag, (list = []));
    return list;
  }

  private async persist(items: Item[]): Promise<void> {
    if (items.length === 0) return;
    await this.kv.setMany(items.map((item) => ({ key: item.id, value: item })));
  }

  private index(item: Item): void {
    this.byId.set(item.id, item);
    for (const key of dedupKeys(item)) if (!this.byDedupKey.has(key)) this.byDedupKey.set(key, item.id);
  }

  private replace(item: Item): void {
    const previous = this.byId.get(item.id);
    if (!previous) return;
    const position = indexOfSorted(this.sorted, previous);
    this.byId.set(item.id, item);
    if (position >= 0) this.sorted[position] = item;
    for (const tag of tagKeys(previous)) {
      const list = this.byTag.get(tag);
      const at = list ? indexOfSorted(list, previous) : -1;
      if (list && at >= 0) list.splice(at, 1);
    }
    for (const tag of tagKeys(item)) insertSorted(this.tagList(tag), item);
  }
}
