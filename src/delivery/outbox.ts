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
 * Everything the bot posts on its own goes through here, so that nothing is posted twice and
 * nothing is lost: an entry is created once per id, its parts are marked sent only after Discord
 * accepts them, and an unfinished entry is resumed after a crash or restart by whichever process
 * holds the delivery lock.
 */
export class Outbox {
  private readonly entries: Collection<OutboxEntry>;

  constructor(connection: StoreConnection) {
    this.entries = connection.collection<OutboxEntry>('outbox', isEntry);
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
    await this.entries.set(created.id, created);
    return { created: true, entry: created };
  }

  get(id: string): Promise<OutboxEntry | undefined> {
    return this.entries.get(id);
  }

  async save(entry: OutboxEntry): Promise<void> {
    await this.entries.set(entry.id, entry);
  }

  async pending(): Promise<OutboxEntry[]> {
    return (await this.entries.entries())
      .map(([, e]) => e)
      .filter((e) => e.state === 'pending')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async all(): Promise<OutboxEntry[]> {
    return (await this.entries.entries()).map(([, e]) => e);
  }
}
