import type { Item } from '../sources/item.ts';
import type { ChangeLog } from './change-log.ts';
import type { Collection } from './collection.ts';
import { ItemCache, leanItem } from './item-cache.ts';
import type { StoreConnection } from './open-store.ts';

/** Titles compared for "same story, same source": case, punctuation and spacing do not count. */
export function titleKey(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A same-titled story from the same source, under a new guid and URL, counts as the same story
 * only when published within this window of it (a story re-sent after its address changed): a
 * daily or weekly column ("Social work news round-up") keeps its title and is stored every time.
 */
export const TITLE_DEDUP_WINDOW_MS = 12 * 3600 * 1000;

type DedupSubject = Pick<Item, 'sourceId' | 'guid' | 'url' | 'title'>;

function dedupKeys(item: DedupSubject): { exact: string[]; title?: string } {
  const exact = [`url:${item.url}`];
  if (item.guid) exact.push(`guid:${item.sourceId}:${item.guid}`);
  const title = titleKey(item.title);
  return { exact, title: title.length >= 12 ? `title:${item.sourceId}:${title}` : undefined };
}

function dedupEntries(item: Item): Array<{ key: string; value: string }> {
  const keys = dedupKeys(item);
  return [...keys.exact, ...(keys.title ? [keys.title] : [])].map((key) => ({ key, value: item.id }));
}

const DEDUP_INDEX_FLAG = 'dedup-index-built';

function withinTitleWindow(a: Item, b: Item): boolean {
  return Math.abs(Date.parse(a.published) - Date.parse(b.published)) <= TITLE_DEDUP_WINDOW_MS;
}

export function isItem(value: unknown): value is Item {
  const v = value as Partial<Item> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.sourceId === 'string' &&
    typeof v.url === 'string' &&
    typeof v.title === 'string' &&
    typeof v.published === 'string' &&
    typeof v.firstSeen === 'string'
  );
}

export interface ListOptions {
  sourceId?: string;
  limit?: number;
}

export interface AddResult {
  added: Item[];
  /** Already-stored stories whose comment count moved. */
  refreshed: Item[];
}

/**
 * The items, with the store as the one source of truth. Whether a story is new is decided by asking
 * the store (by id, URL, guid and same-source title), never from memory; a story counts as stored
 * once the store has accepted it. Memory holds a cache for listing, kept current from this process's
 * writes and, through the change log, from every other process's.
 */
export class ItemStore {
  private readonly cache = new ItemCache();
  /** Told of new stories just before they are written (the announcement ledger). */
  beforeStore?: (added: Item[]) => Promise<void>;

  private constructor(
    private readonly items: Collection<Item>,
    private readonly dedup: Collection<string>,
    private readonly changes: ChangeLog,
  ) {}

  static async open(connection: StoreConnection): Promise<ItemStore> {
    const store = new ItemStore(
      connection.collection<Item>('items', isItem),
      connection.collection<string>('dedup', (v): v is string => typeof v === 'string'),
      connection.changes,
    );
    await store.reload();
    await store.ensureDedupIndex(connection.collection<string>('meta'));
    return store;
  }

  /** Stores written before the dedup index existed get it once, from their items. */
  private async ensureDedupIndex(meta: Collection<string>): Promise<void> {
    if (await meta.get(DEDUP_INDEX_FLAG)) return;
    // An empty store needs nothing built: every write from now on keeps the index.
    if (this.cache.size > 0) await this.dedup.setMany(this.cache.all().flatMap(dedupEntries));
    await meta.set(DEDUP_INDEX_FLAG, new Date().toISOString());
  }

  /** These items as the store holds them now (whichever process wrote them); missing ids are left out. */
  async fetch(ids: string[]): Promise<Item[]> {
    return (await this.items.getMany(ids)).filter((item): item is Item => item !== undefined);
  }

  /** Every stored item as the store holds it, bodies included (the cache keeps no bodies). */
  async stored(): Promise<Item[]> {
    return (await this.items.entries()).map(([, item]) => item);
  }

  /** Rebuilds the cache from the store. */
  async reload(): Promise<void> {
    const lean: Item[] = [];
    await this.items.forEach((_, item) => void lean.push(leanItem(item)), { omit: ['body'] });
    this.cache.load(lean);
  }

  /** Takes other processes' writes of these ids into the cache. */
  async applyChanges(ids: string[]): Promise<void> {
    const values = await this.items.getMany(ids);
    for (const item of values) if (item) this.cache.put(item);
  }

  get size(): number {
    return this.cache.size;
  }

  get(id: string): Item | undefined {
    return this.cache.get(id);
  }

  /** The stored story this candidate is, asked of the store. */
  async findExisting(candidate: DedupSubject & Pick<Item, 'id' | 'published'>): Promise<Item | undefined> {
    return (await this.lookup([candidate]))[0];
  }

  /**
   * Stores the candidates that are new stories (after `prepare`, e.g. classification, which runs
   * only on those) and returns them. A candidate that is an already-stored story only refreshes that
   * record's comment count, read from the store, so another process's newer fields are kept. Throws
   * when the store does not accept the writes: nothing is then counted as stored.
   */
  async addNew(
    candidates: Item[],
    prepare: (item: Item) => Item = (item) => item,
    lease?: AbortSignal,
  ): Promise<Item[]> {
    return (await this.add(candidates, prepare, lease)).added;
  }

  async add(
    candidates: Item[],
    prepare: (item: Item) => Item = (item) => item,
    lease?: AbortSignal,
  ): Promise<AddResult> {
    const existing = await this.lookup(candidates);
    const seenExact = new Set<string>();
    const seenTitle = new Map<string, Item>();
    const added: Item[] = [];
    const refreshed = new Map<string, Item>();
    candidates.forEach((candidate, index) => {
      const stored = existing[index];
      if (stored) {
        if (candidate.commentCount !== undefined && candidate.commentCount !== stored.commentCount) {
          refreshed.set(stored.id, {
            ...stored,
            commentCount: candidate.commentCount,
            commentsFeedUrl: stored.commentsFeedUrl ?? candidate.commentsFeedUrl,
          });
        }
        return;
      }
      // Duplicates within the batch count once, by the same rules.
      const keys = dedupKeys(candidate);
      const exact = [candidate.id, ...keys.exact];
      if (exact.some((key) => seenExact.has(key))) return;
      const sameTitle = keys.title ? seenTitle.get(keys.title) : undefined;
      if (sameTitle && withinTitleWindow(sameTitle, candidate)) return;
      for (const key of exact) seenExact.add(key);
      if (keys.title) seenTitle.set(keys.title, candidate);
      added.push(prepare(candidate));
    });

    const writes = [...added, ...refreshed.values()];
    if (writes.length === 0) {
      // Nothing new, but stories an earlier poll stored may still owe their change-log entry.
      await this.changes.flush();
      return { added: [], refreshed: [] };
    }
    lease?.throwIfAborted();
    if (added.length > 0) await this.beforeStore?.(added);
    // Every awaited step can outlast the lease, so it is checked again before each write.
    // Dedup keys first: a key whose item was never written finds nothing, so a failed write leaves
    // the story new for the next poll; an item written without its keys would be half-stored.
    lease?.throwIfAborted();
    await this.dedup.setMany(added.flatMap(dedupEntries));
    lease?.throwIfAborted();
    await this.items.setMany(writes.map((item) => ({ key: item.id, value: item })));
    for (const item of writes) this.cache.put(item);
    lease?.throwIfAborted();
    await this.changes.record(
      'items',
      writes.map((item) => item.id),
    );
    return { added, refreshed: [...refreshed.values()] };
  }

  /** Writes whole records (after re-classification), replacing what the store held. */
  async update(items: Item[]): Promise<void> {
    if (items.length === 0) return;
    await this.items.setMany(items.map((item) => ({ key: item.id, value: item })));
    for (const item of items) this.cache.put(item);
    await this.changes.record(
      'items',
      items.map((item) => item.id),
    );
  }

  list(options: ListOptions = {}): Item[] {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const out: Item[] = [];
    for (const item of this.cache.all()) {
      if (options.sourceId && item.sourceId !== options.sourceId) continue;
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }

  all(): Item[] {
    return this.cache.all();
  }

  /** Newest items filed under a theme or recommendation. */
  tagged(kind: 'theme' | 'recommendation', key: string, limit = 5): Item[] {
    return this.cache.tagged(`${kind}:${key}`).slice(0, limit);
  }

  taggedCount(kind: 'theme' | 'recommendation', key: string): number {
    return this.cache.tagged(`${kind}:${key}`).length;
  }

  /** For each candidate, the stored story it is, if any: one round trip for ids, one for dedup keys, one for their items. */
  private async lookup(
    candidates: Array<DedupSubject & Pick<Item, 'id' | 'published'>>,
  ): Promise<Array<Item | undefined>> {
    if (candidates.length === 0) return [];
    const byId = await this.items.getMany(candidates.map((c) => c.id));
    const keysOf = candidates.map((c) => dedupKeys(c));
    const allKeys = [...new Set(keysOf.flatMap((k) => [...k.exact, ...(k.title ? [k.title] : [])]))];
    const pointed = await this.dedup.getMany(allKeys);
    const idByKey = new Map(allKeys.map((key, i) => [key, pointed[i]] as const));
    const wantedIds = [...new Set(pointed.filter((id): id is string => Boolean(id)))];
    const wanted = await this.items.getMany(wantedIds);
    const itemById = new Map(wantedIds.map((id, i) => [id, wanted[i]] as const));
    return candidates.map((candidate, index) => {
      if (byId[index]) return byId[index];
      const keys = keysOf[index]!;
      for (const key of keys.exact) {
        const item = itemById.get(idByKey.get(key) ?? '');
        if (item) return item;
      }
      const sameTitle = keys.title ? itemById.get(idByKey.get(keys.title) ?? '') : undefined;
      return sameTitle && withinTitleWindow(sameTitle, candidate as Item) ? sameTitle : undefined;
    });
  }
}
