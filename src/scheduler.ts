import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './logger.ts';
import { StoreError } from './store/store-guard.ts';
import { lastSlot } from './util/cron-slots.ts';

export interface ScheduledJob {
  name: string;
  cron: string;
  /** Called with the slot that fell due: the schedule's latest time at or before now (see util/cron-slots). */
  run: (slot: Date) => Promise<unknown>;
}

/**
 * Starts cron jobs (node-cron) in the configured time zone; a run still going when the next is due is
 * skipped, not doubled. node-cron does not run a time the clocks skip, nor one missed while the
 * process was down: jobs that must not miss a slot also check what they owe (see digestJobs).
 */
export function startSchedule(jobs: ScheduledJob[], timezone: string, logger: Logger): { stop(): Promise<void> } {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          await job.run(lastSlot(job.cron, timezone, new Date()));
        } catch (error) {
          // A store outage is logged once, by the store, when it starts and when it ends.
          if (error instanceof StoreError)
            logger.debug({ reason: error.message, job: job.name }, 'scheduled job waits for the store');
          else logger.error({ err: error, job: job.name }, 'scheduled job failed');
        }
      },
      { name: job.name, timezone, noOverlap: true },
    ),
  );
  // The entry point says in one line what is scheduled; each job's own line is for debugging.
  for (const job of jobs) logger.debug({ job: job.name, cron: job.cron, timezone }, 'scheduled');
  return {
    async stop() {
      for (const task of tasks) await task.destroy();
    },
  };
}
