import type { RecommendationStatus } from '../tracker/tracker.ts';
import type { DecisionDetector } from './detect-decision.ts';
import { proposalFor, type Proposal, type ProposalStory } from './proposal.ts';
import { withReviewNotes } from './proposal-context.ts';

/**
 * The proposals one story makes: a decision per recommendation it is tagged with, less what the
 * tracker already records, each with what a moderator must see first (a correction, the likely
 * values when unsure). `statusOf` is the tracker's current status of a recommendation.
 */
export function proposeFromStory(
  detector: DecisionDetector,
  story: ProposalStory & { body?: string | null },
  keys: readonly string[],
  statusOf: (key: string) => RecommendationStatus | undefined,
): Proposal[] {
  // Undated, the story is read as undated (less sure to be news), though the proposal keeps the day it was first seen.
  const read = story.dateKnown === false ? { ...story, published: undefined } : story;
  return detector.detect(read, keys).flatMap((decision) => {
    const status = statusOf(decision.key);
    const proposal = status && proposalFor(story, decision, status);
    return proposal ? [withReviewNotes(proposal, status, story.url)] : [];
  });
}
