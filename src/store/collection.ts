import { defaultDeserialize } from '@keyv/serialize';
import type Keyv from 'keyv';
import type { Logger } from '../logger.ts';
import type { StoreGuard } from './store-guard.ts';

const ESCAPED = /"::|":base64:/;

/** Stands in for a stored value that could not be decoded, so one bad record never stops a read. */
export const CORRUPT = Symbol('corrupt record');

/** keyv's decoder, made total: undecodable JSON becomes a CORRUPT marker instead of an exception. */
export function tolerantDeserialize<T>(data: string): { value?: T; expires?: number } | undefined {
  if (data === undefined) return undefined;
  try {
    // keyv's own decoder walks every value through a reviver, only to undo its escape of strings
    // that start with ":" (written as "::…") and of buffers (":base64:…"). Most records hold
    // neither, and plain JSON.parse reads them several times faster (start-up reads every item).
    const decoded = (ESCAPED.test(data) ? defaultDeserialize(data) : JSON.parse(data)) as {
      value?: T;
      expires?: number;
    } | null;
    // keyv wraps every value as { value, expires }: anything else was not written by it.
    return decoded !== null && typeof decoded === 'object' ? decoded : { value: CORRUPT as T };
  } catch {
    return { value: CORRUPT as T };
  }
}

// Reading a whole namespace (tens of thousands of items at start-up) may take longer than one call.
const FULL_READ_TIMEOUT_MS = 120_000;

/** Checks a stored value's shape; a value that fails is skipped and logged by its key. */
export type Validate<T> = (value: unknown) => value is T;

export interface Entry<T> {
  key: string;
  value: T;
  /** Milliseconds to live; absent = forever. */
  ttl?: number;
}

export interface ScanOptions {
  /**
   * Top-level fields the caller will drop from every record: a backend that can leave them out of
   * what it reads (SQLite) does, so a full read never parses them. Others read them all.
   */
  omit?: string[];
}

/**
 * One keyv namespace, typed, with every call bounded by the store guard. Reads skip records that
 * are corrupt or of the wrong shape (logged once by key) instead of failing: one damaged record must
 * never take every command down.
 */
export class Collection<T> {
  private readonly reportedBad = new Set<string>();

  constructor(
    readonly name: string,
    private readonly keyv: Keyv<unknown>,
    private readonly guard: StoreGuard,
    private readonly logger: Logger,
    private readonly validate: Validate<T> = (value): value is T => value !== undefined && value !== null,
    /** The backend's own full read, when it has a faster one than keyv's iterator (see `ScanOptions`). */
    private readonly scan?: (options: ScanOptions) => AsyncIterable<[string, string]>,
    /** The backend's atomic write-if-absent of a raw value under keyv's full key: true when it wrote. */
    private readonly insert?: (fullKey: string, raw: string) => Promise<boolean>,
  ) {}

  async get(key: string): Promise<T | undefined> {
    const value = await this.guard.run(`reading ${this.name}/${key}`, () => this.keyv.get(key));
    return this.accept(key, value);
  }

  async getMany(keys: string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) return [];
    const values = await this.guard.run(`reading ${keys.length} ${this.name}`, () => this.keyv.getMany(keys));
    return values.map((value, i) => this.accept(keys[i]!, value));
  }

  async set(key: string, value: T, ttl?: number): Promise<void> {
    const ok = await this.guard.run(`writing ${this.name}/${key}`, () => this.keyv.set(key, value, ttl));
    if (ok === false) throw new Error(`store refused the write of ${this.name}/${key}`);
  }

  /**
   * Writes the record only when the key holds none, as one atomic step of the store: of two
   * processes adding the same key at the same moment, exactly one writes and the other is told so.
   * Returns whether this call wrote it. For records kept forever (no expiry).
   */
  async add(key: string, value: T): Promise<boolean> {
    if (!this.insert) throw new Error(`the ${this.name} store cannot add a record atomically`);
    const serialize = this.keyv.serialize;
    if (!serialize) throw new Error(`the ${this.name} store has no serializer`);
    const raw = await serialize({ value, expires: undefined });
    return this.guard.run(`adding ${this.name}/${key}`, () => this.insert!(`${this.name}:${key}`, raw));
  }

  async setMany(entries: Array<Entry<T>>): Promise<void> {
    if (entries.length === 0) return;
    const results = await this.guard.run(`writing ${entries.length} ${this.name}`, () => this.keyv.setMany(entries));
    if (Array.isArray(results) && results.some((r) => r === false))
      throw new Error(`store refused some writes of ${this.name}`);
  }

  async delete(key: string): Promise<void> {
    await this.guard.run(`deleting ${this.name}/${key}`, () => this.keyv.delete(key));
  }

  /** Every valid record in the namespace; corrupt or ill-shaped ones are skipped and logged by key. */
  async entries(): Promise<Array<[string, T]>> {
    const out: Array<[string, T]> = [];
    await this.forEach((key, value) => void out.push([key, value]));
    return out;
  }

  /**
   * Hands each valid record to `visit` as it is read, so a caller that keeps only part of each
   * (the item cache) never holds the whole namespace at once.
   */
  async forEach(visit: (key: string, value: T) => void, options: ScanOptions = {}): Promise<void> {
    await this.guard.run(
      `reading all ${this.name}`,
      async () => {
        if (this.scan) {
          for await (const [key, raw] of this.scan(options)) {
            const decoded = tolerantDeserialize<unknown>(raw);
            if (!decoded || (typeof decoded.expires === 'number' && decoded.expires < Date.now())) continue;
            const accepted = this.accept(key, decoded.value);
            if (accepted !== undefined) visit(key, accepted);
          }
          return;
        }
        if (!this.keyv.iterator) return;
        for await (const [key, value] of this.keyv.iterator(undefined) as AsyncGenerator<[string, unknown]>) {
          const accepted = this.accept(key, value);
          if (accepted !== undefined) visit(key, accepted);
        }
      },
      FULL_READ_TIMEOUT_MS,
    );
  }

  private accept(key: string, value: unknown): T | undefined {
    if (value === undefined) return undefined;
    if (value !== CORRUPT && this.validate(value)) return value;
    if (!this.reportedBad.has(key)) {
      this.reportedBad.add(key);
      this.logger.warn(
        { namespace: this.name, key, reason: value === CORRUPT ? 'not valid JSON' : 'not the expected shape' },
        'skipping a damaged stored record',
      );
    }
    return undefined;
  }
}
