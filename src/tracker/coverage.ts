import type { Coverage } from './tracker.ts';

/** "80+" reads "80+"; a plain "80" reads "about 80", as no source counts them exactly. */
function totalText(total: string): string {
  return total.endsWith('+') ? total : `about ${total}`;
}

/** "Tracking 55 of 80+ recommendations; moderators can add the rest (/recommendation add)." */
export function coverageText(coverage: Coverage): string {
  const added = coverage.added > 0 ? `, ${coverage.added} of them added by moderators` : '';
  if (!coverage.reviewTotal) return `Tracking ${coverage.tracked} of the review's recommendations${added}.`;
  const total = totalText(coverage.reviewTotal);
  if (coverage.tracked >= Number.parseInt(coverage.reviewTotal, 10))
    return `Tracking ${coverage.tracked} recommendations (the review made ${total})${added}.`;
  return `Tracking ${coverage.tracked} of ${total} recommendations${added}; moderators can add the rest (/recommendation add).`;
}
