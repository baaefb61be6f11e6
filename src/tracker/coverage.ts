import type { Coverage } from './tracker.ts';

/** "Tracking 54 of about 80 recommendations; moderators can add the rest (/recommendation add)." */
export function coverageText(coverage: Coverage): string {
  const added = coverage.added > 0 ? `, ${coverage.added} of them added by moderators` : '';
  if (!coverage.reviewTotal) return `Tracking ${coverage.tracked} of the review's recommendations${added}.`;
  if (coverage.tracked >= coverage.reviewTotal)
    return `Tracking ${coverage.tracked} recommendations (the review made about ${coverage.reviewTotal})${added}.`;
  return `Tracking ${coverage.tracked} of about ${coverage.reviewTotal} recommendations${added}; moderators can add the rest (/recommendation add).`;
}
