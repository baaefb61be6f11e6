import type { Logger } from '../logger.ts';
import type { ChangeLog } from '../store/change-log.ts';
import type { Collection } from '../store/collection.ts';
import type { StoreConnection } from '../store/open-store.ts';
import { sourceSchema, type Source } from './source-config.ts';

export interface ByWhom {
  by: string;
  at: string;
}

/**
 * What moderators changed about one source, one record per source id: a feed they added, or a
 * source (of either kind) they removed. A source of the sources file has a record only once removed.
 */
export interface SourceRecord {
  id: string;
  added?: ByWhom & {
    source: Source;
    /** The page the moderator gave, when the feed was found advertised on it. */
    pageUrl?: string;
  };
  removed?: ByWhom;
}

/** A source as the bot polls it, with where it comes from. */
export interface RegisteredSource {
  source: Source;
  origin: 'file' | 'added';
  record?: SourceRecord;
}

const isRecord = (value: unknown): value is SourceRecord => {
  const v = value as SourceRecord | null;
  if (typeof v !== 'object' || v === null || typeof v.id !== 'string') return false;
  return v.added === undefined || (typeof v.added.by === 'string' && sourceSchema.safeParse(v.added.source).success);
};

/**
 * The sources of the file with moderators' changes applied: a removed file source is disabled, a
 * removed added feed too (kept in the list so its stored items keep their name), and added feeds
 * follow the file's. An added feed whose id the file has taken since is left out: the file wins.
 */
export function mergeSources(fileSources: Source[], records: SourceRecord[]): RegisteredSource[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const fileIds = new Set(fileSources.map((s) => s.id));
  const fromFile = fileSources.map((source): RegisteredSource => {
    const record = byId.get(source.id);
    return { source: record?.removed ? { ...source, enabled: false } : source, origin: 'file', record };
  });
  const added = records
    .filter((r) => r.added && !fileIds.has(r.id))
    .sort((a, b) => a.added!.at.localeCompare(b.added!.at) || a.id.localeCompare(b.id))
    .map((record): RegisteredSource => ({
      source: { ...record.added!.source, id: record.id, enabled: !record.removed },
      origin: 'added',
      record,
    }));
  return [...fromFile, ...added];
}

const MAX_SLUG = 40;

/** A source id from a name: lower-case letters, digits and dashes ("Children & Young People Now" is children-young-people-now). */
export function slugify(name: string): string {
  let slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG) {
    // Cut between words when one ends in the second half.
    const cut = slug.lastIndexOf('-', MAX_SLUG);
    slug = slug.slice(0, cut > MAX_SLUG / 2 ? cut : MAX_SLUG).replace(/-+$/, '');
  }
  return slug || 'feed';
}

/** The slug of `name`, with -2, -3… added when another source (current or removed) has it. */
export function uniqueId(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = slugify(name);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/**
 * The sources the bot polls: the sources file, plus what moderators added or removed (kept in the
 * store, one record per source, so any process sees the others' changes). `list()` reads the store;
 * `current()` is the last list read, for readers that cannot wait (autocomplete, source names).
 */
export class SourceRegistry {
  private readonly records: Collection<SourceRecord>;
  private readonly changes: ChangeLog;
  private cached: RegisteredSource[];

  constructor(
    private readonly fileSources: Source[],
    connection: StoreConnection,
    private readonly logger: Logger,
  ) {
    this.records = connection.collection<SourceRecord>('sources', isRecord);
    this.changes = connection.changes;
    this.cached = mergeSources(fileSources, []);
  }

  /** Every source, read from the store now; the cache follows. */
  async entries(): Promise<RegisteredSource[]> {
    const records = (await this.records.entries()).map(([, r]) => r);
    this.cached = mergeSources(this.fileSources, records);
    return this.cached;
  }

  async list(): Promise<Source[]> {
    return (await this.entries()).map((r) => r.source);
  }

  /** The list as last read (at start-up, at each poll, and after other processes' changes). */
  current(): Source[] {
    return this.cached.map((r) => r.source);
  }

  /** The list as last read, falling back to it (with a warning) when the store cannot be read. */
  async listOrCurrent(): Promise<Source[]> {
    try {
      return await this.list();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read the added sources; using the list read last');
      return this.current();
    }
  }

  async find(id: string): Promise<RegisteredSource | undefined> {
    return (await this.entries()).find((r) => r.source.id === id);
  }

  /** Every id ever used, removed sources' included, so that a new feed never takes an old one's id. */
  async takenIds(): Promise<string[]> {
    const records = (await this.records.entries()).map(([, r]) => r.id);
    return [...this.fileSources.map((s) => s.id), ...records];
  }

  async save(record: SourceRecord): Promise<void> {
    await this.records.set(record.id, record);
    await this.changes.record('sources', [record.id]);
    await this.entries();
  }

  async forget(id: string): Promise<void> {
    await this.records.delete(id);
    await this.changes.record('sources', [id]);
    await this.entries();
  }
}
