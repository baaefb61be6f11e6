import type { Theme } from '../classify/themes.ts';
import { buildDigest } from '../digest/build-digest.ts';
import type { Digest } from '../digest/digest-model.ts';
import type { DigestPeriod } from '../digest/period.ts';
import type { CommentStore } from '../responses/comment-store.ts';
import type { Source } from '../sources/source-config.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { Tracker } from '../tracker/tracker.ts';

export interface DigestSources {
  items: ItemStore;
  comments: CommentStore;
  tracker: Tracker;
  sources: ReadonlyArray<Pick<Source, 'id' | 'name'>>;
}

/** The digest of a period from what the store holds now. */
export async function composeDigest(deps: DigestSources, period: DigestPeriod, theme?: Theme): Promise<Digest> {
  const comments = await deps.comments.publishedBetween(period.start, period.end);
  return buildDigest({
    period,
    items: deps.items.all(),
    comments,
    statuses: deps.tracker.list(),
    sources: deps.sources,
    theme,
  });
}
