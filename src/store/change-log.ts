import type { Logger } from '../logger.ts';
import type { Collection } from './collection.ts';

/** What changed: the namespace's kind and the keys written. */
export interface Change {
  kind: string;
  keys: string[];
  by: string;
  at: string;
}

const HEAD = 'changes-head';
/** Journal entries live this long; a reader that was away longer reloads everything instead. */
export const CHANGE_TTL_MS = 60 * 60 * 1000;

let sequence = 0;

/** A failed journal write is tried again this soon, once, before the caller is told. */
const RETRY_AFTER_MS = 200;

/**
 * A short journal in the store of what each process wrote, so every other process can refresh its
 * caches within seconds. Writers append after their data is stored; readers poll one `head` key and
 * scan the journal only when it moved. Entries expire on their own.
 *
 * The data is already stored when its entry is written, so an entry that could not be written is
 * kept here and written with the next one, at the next write of items, at the next change check
 * and at close: another process still learns of the data (unless this one dies first).
 */
export class ChangeLog {
  private readonly unrecorded = new Map<string, Set<string>>();

  constructor(
    private readonly journal: Collection<Change>,
    private readonly head: Collection<string>,
    /** This connection's name: its own writes are already in its caches. */
    readonly instanceId: string,
  ) {}

  async record(kind: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const owed = this.unrecorded.get(kind) ?? new Set<string>();
    for (const key of keys) owed.add(key);
    this.unrecorded.set(kind, owed);
    await this.flush();
  }

  /** Writes the entries owed by earlier failures; throws if the store still refuses them. */
  async flush(): Promise<void> {
    for (const [kind, owed] of [...this.unrecorded]) {
      const keys = [...owed];
      try {
        await this.append(kind, keys);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
        await this.append(kind, keys);
      }
      for (const key of keys) owed.delete(key);
      if (owed.size === 0) this.unrecorded.delete(kind);
    }
  }

  readHead(): Promise<string | undefined> {
    return this.head.get(HEAD);
  }

  entries(): Promise<Array<[string, Change]>> {
    return this.journal.entries();
  }

  private async append(kind: string, keys: string[]): Promise<void> {
    const key = `${Date.now().toString().padStart(15, '0')}-${this.instanceId}-${++sequence}`;
    await this.journal.set(key, { kind, keys, by: this.instanceId, at: new Date().toISOString() }, CHANGE_TTL_MS);
    await this.head.set(HEAD, key);
  }
}

export type ChangeHandler = (keys: string[]) => Promise<void>;

/**
 * Polls the change log and hands other processes' writes to the caches that hold them. `resync`
 * runs when the journal cannot say what changed (the reader was away longer than entries live).
 */
export class ChangeWatcher {
  private lastHead: string | undefined;
  private readonly applied = new Map<string, number>();
  private lastCheck = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly log: ChangeLog,
    private readonly handlers: Record<string, ChangeHandler>,
    private readonly resync: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Marks everything now in the journal as already seen (the caches were just loaded). */
  async prime(): Promise<void> {
    this.lastHead = await this.log.readHead();
    for (const [key] of await this.log.entries()) this.applied.set(key, Date.now());
    this.lastCheck = Date.now();
  }

  start(intervalMs: number): void {
    this.timer = setInterval(
      () => void this.check().catch((error: unknown) => this.logger.debug({ err: error }, 'change check failed')),
      intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One look at the journal; concurrent calls share one run. */
  check(): Promise<void> {
    this.running ??= this.checkOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkOnce(): Promise<void> {
    await this.log.flush();
    const head = await this.log.readHead();
    const awayTooLong = Date.now() - this.lastCheck > CHANGE_TTL_MS / 2;
    this.lastCheck = Date.now();
    if (awayTooLong) {
      await this.prime();
      await this.resync();
      return;
    }
    if (head === this.lastHead) return;
    const fresh = (await this.log.entries())
      .filter(([key, change]) => !this.applied.has(key) && change.by !== this.log.instanceId)
      .sort(([a], [b]) => a.localeCompare(b));
    const byKind = new Map<string, Set<string>>();
    for (const [, change] of fresh) {
      let keys = byKind.get(change.kind);
      if (!keys) byKind.set(change.kind, (keys = new Set()));
      for (const key of change.keys) keys.add(key);
    }
    for (const [kind, keys] of byKind) await this.handlers[kind]?.([...keys]);
    const now = Date.now();
    for (const [key] of fresh) this.applied.set(key, now);
    for (const [key, at] of this.applied) if (now - at > CHANGE_TTL_MS) this.applied.delete(key);
    this.lastHead = head;
  }
}
