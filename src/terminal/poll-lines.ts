import { describeOutcome, type SourceOutcome } from '../sources/poll.ts';
import { formatClock } from '../util/format.ts';

/** The poll lines the running bot prints at the terminal, each stamped with the time of the poll (in TZ). */
export function pollLines(outcomes: SourceOutcome[], at: Date): string {
  const time = formatClock(at);
  return outcomes.map((outcome) => `[${time}] ${describeOutcome(outcome)}`).join('\n');
}
