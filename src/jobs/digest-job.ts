import type { Outbox } from '../delivery/outbox.ts';
import { resolvePeriod } from '../digest/period.ts';
import { digestPayloads, digestText } from '../digest/render-digest.ts';
import type { Logger } from '../logger.ts';
import type { ScheduledJob } from '../scheduler.ts';
import type { Collection } from '../store/collection.ts';
import type { StoreLocks } from '../store/locks.ts';
import { lastSlot, nextSlot, slotsBetween } from '../util/cron-slots.ts';
import { composeDigest, type DigestSources } from './compose-digest.ts';

export const DIGEST_LOCK = 'digest';
/** The scheduled time of the last digest run that was handled (posted, or skipped as the first ever). */
export const LAST_DIGEST_KEY = 'digest-last-scheduled';

/** The terminal and Discord each keep their own last slot: printing at a terminal posts nothing to Discord. */
function lastKey(deps: Pick<DigestJobDeps, 'print'>): string {
  return deps.print ? `${LAST_DIGEST_KEY}:terminal` : LAST_DIGEST_KEY;
}

export interface DigestTarget {
  guildId: string;
  channelId: string;
}

export interface DigestJobDeps extends DigestSources {
  cron: string;
  zone: string;
  locks: StoreLocks;
  meta: Collection<string>;
  outbox: Outbox;
  logger: Logger;
  /** Where digests go (Discord: each server's digest channel); none at the terminal. */
  targets: () => Promise<DigestTarget[]>;
  /** At the terminal the digest is printed instead of posted. */
  print?: (text: string) => void;
  /** Sends what was enqueued. */
  deliver: () => Promise<unknown>;
}

/** At most this many missed digests are posted at once (the latest ones); older ones are skipped. */
export const CATCH_UP_LIMIT = 4;

/** The latest time the schedule fell due at or before `now`, clock changes included (util/cron-slots). */
export function lastScheduledAt(cron: string, zone: string, now: Date): Date {
  return lastSlot(cron, zone, now);
}

/** The next time the schedule falls due after `now`: what the scheduler will run, and /status shows. */
export function nextScheduledAt(cron: string, zone: string, now: Date): Date {
  return nextSlot(cron, zone, now);
}

/**
 * The weekly digest for the schedule slot `scheduledAt`: the Monday-to-Sunday week before it, to
 * every target, through the outbox (one entry per server, channel and week, so a second run of the
 * same slot, here or in another process, posts nothing more). Runs under the digest lock.
 */
export async function runDigest(
  deps: DigestJobDeps,
  scheduledAt: Date,
): Promise<{ period: string; enqueued: number } | undefined> {
  const outcome = await deps.locks.tryRun(DIGEST_LOCK, async (lease) => {
    const period = resolvePeriod({ kind: 'last-week' }, scheduledAt, deps.zone);
    const digest = await composeDigest(deps, period);
    let enqueued = 0;
    if (deps.print) {
      const last = await deps.meta.get(lastKey(deps));
      if (!last || last < scheduledAt.toISOString()) deps.print(digestText(digest));
    } else {
      const messages = digestPayloads(digest);
      for (const target of await deps.targets()) {
        if (lease.aborted) break;
        const id = `digest:${target.guildId}:${target.channelId}:${period.key}`;
        const { created } = await deps.outbox.enqueue({
          id,
          kind: 'digest',
          guildId: target.guildId,
          channelId: target.channelId,
          createdAt: new Date().toISOString(),
          messages,
        });
        if (created) enqueued++;
      }
    }
    if (lease.aborted) {
      // Another process holds the digest lock now: it runs the slot again, and the outbox entries
      // already made are not made twice.
      deps.logger.warn({ period: period.key, enqueued }, 'lost the digest lock while preparing the digest; stopping');
      return undefined;
    }
    await deps.meta.set(lastKey(deps), scheduledAt.toISOString());
    deps.logger.info({ period: period.key, enqueued }, 'weekly digest prepared');
    return { period: period.key, enqueued };
  });
  if (!outcome.ran) {
    deps.logger.info({ holder: outcome.heldBy.holder }, 'another process is preparing the digest');
    return undefined;
  }
  await deps.deliver();
  return outcome.value;
}

/**
 * node-cron does not replay runs missed while the bot was down, nor run a time the clocks skip: at
 * start-up and every minute, every slot that passed since the last one handled is run now, oldest
 * first, each once (each week's digest has its own outbox entry), at most the latest CATCH_UP_LIMIT
 * of them. On the very first start nothing is posted; the slot is only noted, so a new install does
 * not post last week straight away.
 */
export async function catchUpDigest(deps: DigestJobDeps, now: Date): Promise<boolean> {
  const last = await deps.meta.get(lastKey(deps));
  if (!last || Number.isNaN(Date.parse(last))) {
    await deps.meta.set(lastKey(deps), lastScheduledAt(deps.cron, deps.zone, now).toISOString());
    return false;
  }
  const owed = slotsBetween(deps.cron, deps.zone, new Date(last), now, CATCH_UP_LIMIT + 1);
  if (owed.length === 0) return false;
  const skipped = owed.length > CATCH_UP_LIMIT ? owed.shift() : undefined;
  deps.logger.info(
    {
      slots: owed.map((slot) => slot.toISOString()),
      last,
      ...(skipped ? { olderSkipped: `at or before ${skipped.toISOString()}` } : {}),
    },
    skipped
      ? `weekly digests fell due without being run (the bot was down, or the clocks skipped the time); posting the latest ${CATCH_UP_LIMIT} now, older ones are skipped`
      : 'weekly digests fell due without being run (the bot was down, or the clocks skipped the time); posting them now',
  );
  for (const slot of owed) await runDigest(deps, slot);
  return true;
}

/** Half a minute past each minute: after a digest run at the slot itself, so the check finds nothing owed then. */
const OWED_CHECK_CRON = '30 * * * * *';

/**
 * The digest's jobs: one at each DIGEST_CRON slot, and a check each minute for any slot owed (a time
 * the spring clock change skips, a machine that slept through it), so no week goes unposted.
 */
export function digestJobs(deps: DigestJobDeps): ScheduledJob[] {
  return [
    { name: 'digest', cron: deps.cron, run: (slot) => runDigest(deps, slot) },
    { name: 'missed digests', cron: OWED_CHECK_CRON, run: () => catchUpDigest(deps, new Date()) },
  ];
}
