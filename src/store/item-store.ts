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

export interface ListOptions {
  sourceId?: string;
  limit?: number;
  since?: string;
  until?: string;
  filter?: (item: Item) => boolean;
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

  private constructor(private readonly kv: Keyv<Item>) {}

  static async open(kv: Keyv<Item>): Promise<ItemStore> {
    const store = new ItemStore(kv);
    for (const [, item] of await readAll(kv)) {
      store.index(item);
      store.sorted.push(item);
    }
    store.sorted.sort(newerFirst);
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
      this.insertSorted(candidate);
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
      if (options.until && item.published >= options.until) continue;
      if (options.since && item.published < options.since) break;
      if (options.sourceId && item.sourceId !== options.sourceId) continue;
      if (options.filter && !options.filter(item)) continue;
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }

  all(): Item[] {
    return this.sorted;
  }

  private async persist(items: Item[]): Promise<void> {
    if (items.length === 0) return;
    await this.kv.setMany(items.map((item) => ({ key: item.id, value: item })));
  }

  private index(item: Item): void {
    this.byId.set(item.id, item);
    for (const key of dedupKeys(item)) if (!this.byDedupKey.has(key)) this.byDedupKey.set(key, item.id);
  }

  private insertSorted(item: Item): void {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (newerFirst(this.sorted[mid]!, item) <= 0) low = mid + 1;
      else high = mid;
    }
    this.sorted.splice(low, 0, item);
  }

  private replace(item: Item): void {
    const position = this.sorted.findIndex((stored) => stored.id === item.id);
    this.byId.set(item.id, item);
    if (position >= 0) this.sorted[position] = item;
  }
}
