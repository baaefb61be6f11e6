import type { Logger } from './logger.ts';
import { StoreError } from './store/store-guard.ts';
import { checkSchedule, nextSlot } from './util/cron-slots.ts';

export interface ScheduledJob {
  name: string;
  cron: string;
  /** Called with the slot that fell due (see util/cron-slots for the clock-change rules). */
  run: (slot: Date) => Promise<unknown>;
}

/** Looks at the clock at least this often, so a clock set back or a machine waking from sleep is noticed. */
const MAX_WAIT_MS = 60_000;

/**
 * Runs jobs on their cron schedules in the configured time zone. A slot the clocks skip at the
 * spring change runs at the first minute after it, a slot they show twice in autumn runs once
 * (util/cron-slots). A run still going when the next is due is skipped, not doubled.
 */
export function startSchedule(jobs: ScheduledJob[], timezone: string, logger: Logger): { stop(): Promise<void> } {
  for (const job of jobs) {
    try {
      checkSchedule(job.cron, timezone);
    } catch (error) {
      throw new Error(`cannot schedule ${job.name} on "${job.cron}" in ${timezone}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const state = jobs.map((job) => ({ job, due: nextSlot(job.cron, timezone, new Date()), running: false }));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastTick = Date.now();

  const run = async (entry: (typeof state)[number], slot: Date) => {
    entry.running = true;
    try {
      await entry.job.run(slot);
    } catch (error) {
      // A store outage is logged once, by the store, when it starts and when it ends.
      if (error instanceof StoreError)
        logger.debug({ reason: error.message, job: entry.job.name }, 'scheduled job waits for the store');
      else logger.error({ err: error, job: entry.job.name }, 'scheduled job failed');
    } finally {
      entry.running = false;
    }
  };

  const tick = () => {
    if (stopped) return;
    const now = new Date();
    // The clock was set back: every job's next slot is counted again from the new time.
    if (now.getTime() < lastTick) for (const entry of state) entry.due = nextSlot(entry.job.cron, timezone, now);
    lastTick = now.getTime();
    for (const entry of state) {
      if (entry.due.getTime() > now.getTime()) continue;
      const slot = entry.due;
      entry.due = nextSlot(entry.job.cron, timezone, now);
      if (entry.running) logger.warn({ job: entry.job.name, slot }, 'scheduled job still running; this run is skipped');
      else void run(entry, slot);
    }
    const wait = Math.min(MAX_WAIT_MS, ...state.map((entry) => entry.due.getTime() - now.getTime()));
    timer = setTimeout(tick, Math.max(0, wait));
  };

  for (const job of jobs) logger.info({ job: job.name, cron: job.cron, timezone }, 'scheduled');
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
