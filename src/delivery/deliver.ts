import type { APIEmbed } from 'discord-api-types/v10';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { StoreLocks } from '../store/locks.ts';
import type { Outbox, OutboxEntry, OutgoingMessage } from './outbox.ts';

/** A send that will fail the same way however often it is retried (no access, unknown channel). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export interface SentMessage {
  id: string;
  /** Posted by this bot. */
  mine: boolean;
  content?: string;
  embeds?: APIEmbed[];
}

/** Where posts go: Discord channels in the bot, the terminal when there is no token. */
export interface ChannelMessenger {
  /** Sends with Discord's idempotency key: a repeat within its window returns the first message. */
  send(channelId: string, message: OutgoingMessage, nonce: string): Promise<{ id: string }>;
  /** The channel's latest messages, newest first, to find a part sent before a crash. */
  recent(channelId: string, limit: number): Promise<SentMessage[]>;
}

/** How long Discord remembers a nonce ("the past few minutes"): a resend within it is caught by Discord too. */
export const NONCE_WINDOW_MS = 2 * 60 * 1000;
const MAX_BACKOFF_MS = 30 * 60 * 1000;
export const DELIVERY_LOCK = 'deliver';

function fingerprint(message: Pick<OutgoingMessage, 'content' | 'embeds'>): string {
  return JSON.stringify([
    message.content?.trim() ?? '',
    (message.embeds ?? []).map((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '']),
  ]);
}

export interface DeliveryDeps {
  outbox: Outbox;
  messenger: ChannelMessenger;
  locks: StoreLocks;
  logger: Logger;
  now?: () => Date;
  /** The entries this messenger can deliver (the terminal only its own, Discord only servers'). */
  accepts?: (entry: OutboxEntry) => boolean;
}

export interface DeliveryReport {
  sent: number;
  failed: string[];
  /** True when another process held the delivery lock and this run did nothing. */
  skipped?: boolean;
}

/**
 * Sends one entry's unsent parts in order; marks each sent only after the channel accepted it.
 * A part attempted before (by this process or another, whose clock may differ) is looked for in
 * the channel first, whatever the time: no clock is compared with another's. The nonce still
 * catches a repeat that the search misses within Discord's window.
 */
async function deliverEntry(entry: OutboxEntry, deps: DeliveryDeps, lease: AbortSignal): Promise<number> {
  const now = deps.now ?? (() => new Date());
  let sent = 0;
  for (const [index, part] of entry.parts.entries()) {
    if (part.sentId) continue;
    lease.throwIfAborted();
    if (part.attemptedAt) {
      // An earlier attempt may have reached Discord before a crash or a lost answer.
      const wanted = fingerprint(part.message);
      const found = (await deps.messenger.recent(entry.channelId, 50)).find((m) => m.mine && fingerprint(m) === wanted);
      if (found) {
        lease.throwIfAborted();
        Object.assign(part, { sentId: found.id, sentAt: now().toISOString() });
        await deps.outbox.save(entry);
        deps.logger.info({ entry: entry.id, part: index }, 'found a part already posted; not posting it again');
        continue;
      }
    }
    // The first attempt is the one that may have reached Discord unseen: never move it later.
    if (!part.attemptedAt) {
      part.attemptedAt = now().toISOString();
      await deps.outbox.save(entry);
    }
    lease.throwIfAborted();
    const result = await deps.messenger.send(entry.channelId, part.message, part.nonce);
    // Sent: recorded even if the lease was lost meanwhile, so that no holder posts it again.
    Object.assign(part, { sentId: result.id, sentAt: now().toISOString() });
    await deps.outbox.save(entry);
    sent++;
  }
  return sent;
}

/**
 * Sends every pending outbox entry whose time has come, under the delivery lock so that only one
 * process sends at a time. A failing entry is retried later with backoff; one that cannot ever be
 * sent (no access to the channel) is marked failed and reported.
 */
export async function deliverPending(deps: DeliveryDeps): Promise<DeliveryReport> {
  const clock = deps.now ?? (() => new Date());
  const outcome = await deps.locks.tryRun(DELIVERY_LOCK, async (lease) => {
    const report: DeliveryReport = { sent: 0, failed: [] };
    for (const entry of await deps.outbox.pending()) {
      if (lease.aborted) break;
      const now = clock();
      if (entry.nextAttemptAt && Date.parse(entry.nextAttemptAt) > now.getTime()) continue;
      if (deps.accepts && !deps.accepts(entry)) continue;
      try {
        report.sent += await deliverEntry(entry, deps, lease);
        entry.state = 'sent';
        entry.sentAt = clock().toISOString();
        entry.lastError = undefined;
        entry.nextAttemptAt = undefined;
        await deps.outbox.save(entry);
      } catch (error) {
        // Another process holds the delivery lock now and resumes this entry from the store.
        if (lease.aborted) break;
        entry.attempts++;
        entry.lastError = errorMessage(error);
        if (error instanceof PermanentDeliveryError) {
          entry.state = 'failed';
          report.failed.push(entry.id);
        } else {
          entry.nextAttemptAt = new Date(
            now.getTime() + Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** (entry.attempts - 1)),
          ).toISOString();
        }
        deps.logger.warn(
          { entry: entry.id, attempts: entry.attempts, reason: entry.lastError, state: entry.state },
          'could not deliver a post',
        );
        await deps.outbox
          .save(entry)
          .catch((saveError: unknown) =>
            deps.logger.error({ err: saveError, entry: entry.id }, 'could not record a delivery failure'),
          );
      }
    }
    if (!lease.aborted) {
      const pruned = await deps.outbox.pruneIfDue(clock());
      if (pruned > 0) deps.logger.info({ pruned }, 'deleted sent posts older than the outbox keeps them');
    }
    return report;
  });
  return outcome.ran ? outcome.value : { sent: 0, failed: [], skipped: true };
}
