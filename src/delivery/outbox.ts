import { createHash } from 'node:crypto';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Collection } from '../store/collection.ts';
import type { StoreConnection } from '../store/open-store.ts';

export type OutgoingMessage = RESTPostAPIChannelMessageJSONBody;

export type OutboxKind = 'digest' | 'alert' | 'proposal' | 'notice';

export interface OutboxPart {
  message: OutgoingMessage;
  /** Discord's idempotency key for this part: the same on every retry. */
  nonce: string;
  sentId?: string;
  sentAt?: string;
  /** When a send of this part was first started: once Discord's nonce window has passed since, look in the channel before every resend. */
  attemptedAt?: string;
}

export interface OutboxEntry {
  /** Names what is sent, by guild, channel and period or batch: `digest:<guild>:<channel>:2026-11-16`. */
  id: string;
  kind: OutboxKind;
  guildId: string;
  channelId: string;
  createdAt: string;
  parts: OutboxPart[];
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError?: string;
  nextAttemptAt?: string;
  sentAt?: string;
  /** What the entry announces (story ids of an alert), so no story is announced twice in one channel. */
  refs?: string[];
}

/** At most 25 characters, the same for the same entry and part on any process, any day. */
export function nonceFor(entryId: string, part: number): string {
  return createHash('sha256').update(`${entryId}#${part}`).digest('base64url').slice(0, 25);
}

const isEntry = (v: unknown): v is OutboxEntry =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as OutboxEntry).id === 'string' &&
  Array.isArray((v as OutboxEntry).parts);

/**
 * How long a sent (or failed) entry is kept: far past Discord's nonce window (minutes) and the
 * channel search (the last 50 messages), and past the digest catch-up (four weeks), so a digest
 * slot run again still finds its entry and posts nothing. Older entries are deleted.
 */
export const SENT_KEEP_MS = 35 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** An index row whose entry never appeared (a process died between the two writes) is dropped after this. */
const ORPHAN_AFTER_MS = 60 * 60 * 1000;
/** Marks the pending index as built, for stores written before it existed. */
const INDEX_BUILT = '~built';

/**
 * Everything the bot posts on its own goes through here, so that nothing is posted twice and
 * nothing is lost: an entry is created once per id, its parts are marked sent only after Discord
 * accepts them, and an unfinished entry is resumed after a crash or restart by whichever process
 * holds the delivery lock. Unsent entries are also listed in a small index (id to creation time),
 * so finding what to send never reads what was sent.
 */
export class Outbox {
  private readonly entries: Collection<OutboxEntry>;
  private readonly pendingIndex: Collection<string>;
  /** When this process first saw an index row without its entry, by its own clock (never the writer's). */
  private readonly orphanSeenAt = new Map<string, number>();
  private indexReady = false;
  private prunedAt = 0;

  constructor(connection: StoreConnection) {
    this.entries = connection.collection<OutboxEntry>('outbox', isEntry);
    this.pendingIndex = connection.collection<string>('outbox-pending', (v): v is string => typeof v === 'string');
  }

  /** Creates the entry unless one with its id exists (call under the lock of the run that builds it). */
  async enqueue(
    entry: Omit<OutboxEntry, 'parts' | 'state' | 'attempts'> & { messages: OutgoingMessage[] },
  ): Promise<{ created: boolean; entry: OutboxEntry }> {
    const existing = await this.entries.get(entry.id);
    if (existing) return { created: false, entry: existing };
    const { messages, ...rest } = entry;
    const created: OutboxEntry = {
      ...rest,
      parts: messages.map((message, i) => ({ message, nonce: nonceFor(entry.id, i) })),
      state: 'pending',
      attempts: 0,
    };
    // Index first: an entry is never pending without being found.
    await this.pendingIndex.set(created.id, created.createdAt);
    await this.entries.set(created.id, created);
    return { created: true, entry: created };
  }

  get(id: string): Promise<OutboxEntry | undefined> {
    return this.entries.get(id);
  }

  async save(entry: OutboxEntry): Promise<void> {
    await this.entries.set(entry.id, entry);
    if (entry.state !== 'pending') await this.pendingIndex.delete(entry.id);
  }

  /** The unsent entries, oldest first, read through the index. */
  async pending(): Promise<OutboxEntry[]> {
    await this.buildIndex();
    const rows = (await this.pendingIndex.entries()).filter(([id]) => id !== INDEX_BUILT);
    const found = await this.entries.getMany(rows.map(([id]) => id));
    const pending: OutboxEntry[] = [];
    const now = Date.now();
    for (const [i, [id]] of rows.entries()) {
      const entry = found[i];
      if (entry) this.orphanSeenAt.delete(id);
      if (entry?.state === 'pending') pending.push(entry);
      else if (entry) await this.pendingIndex.delete(id);
      else {
        // An entry may still be being written by another process: drop its row only once this
        // process has seen it missing for ORPHAN_AFTER_MS.
        const seen = this.orphanSeenAt.get(id) ?? now;
        this.orphanSeenAt.set(id, seen);
        if (now - seen > ORPHAN_AFTER_MS) {
          await this.pendingIndex.delete(id);
          this.orphanSeenAt.delete(id);
        }
      }
    }
    return pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Every entry kept (see SENT_KEEP_MS). */
  async all(): Promise<OutboxEntry[]> {
    return (await this.entries.entries()).map(([, e]) => e);
  }

  /**
   * Deletes sent and failed entries older than SENT_KEEP_MS, at most once an hour per process
   * (call under the delivery lock). Returns how many were deleted.
   */
  async pruneIfDue(now: Date): Promise<number> {
    if (now.getTime() - this.prunedAt < PRUNE_EVERY_MS) return 0;
    this.prunedAt = now.getTime();
    const before = now.getTime() - SENT_KEEP_MS;
    let deleted = 0;
    for (const entry of await this.all()) {
      if (entry.state === 'pending' || Date.parse(entry.sentAt ?? entry.createdAt) >= before) continue;
      await this.entries.delete(entry.id);
      deleted++;
    }
    return deleted;
  }

  /** Stores written before the index existed: list their unsent entries once. */
  private async buildIndex(): Promise<void> {
    if (this.indexReady) return;
    if (!(await this.pendingIndex.get(INDEX_BUILT))) {
      const unsent = (await this.all()).filter((e) => e.state === 'pending');
      await this.pendingIndex.setMany(unsent.map((e) => ({ key: e.id, value: e.createdAt })));
      await this.pendingIndex.set(INDEX_BUILT, new Date().toISOString());
    }
    this.indexReady = true;
  }
}
