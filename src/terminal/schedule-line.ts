import { describeCron } from '../util/describe-cron.ts';
import { plural } from '../util/format.ts';

export interface ScheduleSummary {
  pollCron: string;
  digestCron: string;
  zone: string;
  /** How many alerts (watches) are set where this bot delivers. */
  watches: number;
}

/** What the running bot will do and when, in one line: "Polling every 15 min; digest Mon 09:00 (Europe/London); no alerts set (/watch).". */
export function scheduleLine(summary: ScheduleSummary, now = new Date()): string {
  const alerts =
    summary.watches > 0 ? `alerts on (${plural(summary.watches, 'watch', 'watches')})` : 'no alerts set (/watch)';
  return (
    `Polling ${describeCron(summary.pollCron, summary.zone, now)}; ` +
    `digest ${describeCron(summary.digestCron, summary.zone, now)} (${summary.zone}); ${alerts}.`
  );
}
