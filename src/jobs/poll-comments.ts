import type { Classifier } from '../classify/classifier.ts';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { classifyComment } from '../responses/classify-comments.ts';
import type { Comment } from '../responses/comment.ts';
import type { CommentStore } from '../responses/comment-store.ts';
import { parseCommentFeed } from '../responses/parse-comment-feed.ts';
import { MAX_COMMENT_PAGE_BYTES, parseCommentPage } from '../responses/parse-comment-page.ts';
import { selectCommentFetches } from '../responses/select-comment-fetches.ts';
import { fetchSource, type FetchOptions } from '../sources/fetch-source.ts';
import type { Source } from '../sources/source-config.ts';
import type { FeedStateStore } from '../store/feed-state-store.ts';
import type { ItemStore } from '../store/item-store.ts';
import { yieldToLoop } from '../util/yield-to-loop.ts';

export interface CommentPollDeps {
  items: ItemStore;
  comments: CommentStore;
  feeds: FeedStateStore;
  classifier: () => Classifier;
  fetchOptions: FetchOptions;
  logger: Logger;
  now: Date;
  /** Article comment feeds or pages read per run, at most. */
  cap?: number;
  /** The poll lock's lease: once aborted, nothing more is read or written. */
  lease?: AbortSignal;
}

export interface CommentPollOutcome {
  added: number;
  read: number;
  errors: string[];
}

const DAY_MS = 24 * 3600 * 1000;
/** Comments classified and stored between two turns of the event loop. */
const COMMENT_SLICE = 50;

/**
 * The site-wide comment feed of a source, with a conditional GET kept like a news feed's. `commit`
 * saves the validators: call it only once the comments are stored.
 */
async function readSiteFeed(
  source: Source,
  url: string,
  deps: CommentPollDeps,
): Promise<{ comments: Comment[]; commit: () => Promise<unknown> }> {
  const stateId = `comments:${source.id}`;
  const state = await deps.feeds.get(stateId);
  const result = await fetchSource(url, { ...deps.fetchOptions, etag: state?.etag, lastModified: state?.lastModified });
  if (result.kind === 'not-modified') return { comments: [], commit: async () => undefined };
  const { comments } = await parseCommentFeed(result.body, { now: deps.now, baseUrl: result.url });
  return {
    comments,
    commit: () =>
      deps.feeds.update(stateId, (s) => ({
        ...s,
        etag: result.etag,
        lastModified: result.lastModified,
        lastSuccessAt: deps.now.toISOString(),
        failures: 0,
      })),
  };
}

/**
 * Reads what readers said: each source's site-wide comment feed, then the comment feeds (or pages)
 * of recent articles whose comment count is ahead of what is stored. Comments are classified and
 * stored once. A failure is reported and the rest goes on.
 *
 * `sources` are those whose stories this poll read: a source left alone (backing off, paused,
 * removed) has none of its comments fetched either, neither its site feed nor its articles'.
 */
export async function pollComments(sources: Source[], deps: CommentPollDeps): Promise<CommentPollOutcome> {
  const outcome: CommentPollOutcome = { added: 0, read: 0, errors: [] };
  const store = async (comments: Comment[]) => {
    deps.lease?.throwIfAborted();
    outcome.read += comments.length;
    // A page gives up to a thousand: classified and stored a slice at a time, with a turn of the event loop between.
    for (let at = 0; at < comments.length; at += COMMENT_SLICE) {
      if (at > 0) await yieldToLoop();
      // Classifying is CPU work that can outlast the lease: it is checked after, right before writing.
      const slice = comments.slice(at, at + COMMENT_SLICE).map((c) => classifyComment(deps.classifier(), c));
      deps.lease?.throwIfAborted();
      outcome.added += (await deps.comments.addNew(slice, deps.lease)).length;
    }
  };
  for (const source of sources) {
    if (!source.enabled || source.kind !== 'rss' || !source.commentsFeed) continue;
    try {
      deps.lease?.throwIfAborted();
      const { comments, commit } = await readSiteFeed(source, source.commentsFeed, deps);
      await store(comments);
      deps.lease?.throwIfAborted();
      await commit();
    } catch (error) {
      if (deps.lease?.aborted) throw error;
      outcome.errors.push(`${source.id} comments feed: ${errorMessage(error)}`);
    }
  }

  const since = new Date(deps.now.getTime() - 14 * DAY_MS).toISOString();
  const read = new Set(sources.map((source) => source.id));
  const recent = deps.items
    .all()
    .filter((item) => read.has(item.sourceId) && item.published >= since && item.commentCount !== undefined);
  const counts = await deps.comments.countsFor(recent.map((item) => item.url));
  for (const fetch of selectCommentFetches(recent, counts, { now: deps.now, cap: deps.cap ?? 10 })) {
    try {
      deps.lease?.throwIfAborted();
      const maxBytes = Math.min(deps.fetchOptions.maxBytes, MAX_COMMENT_PAGE_BYTES);
      const result = await fetchSource(fetch.url, { ...deps.fetchOptions, maxBytes });
      if (result.kind === 'not-modified') continue;
      const comments =
        fetch.via === 'comment-feed'
          ? (await parseCommentFeed(result.body, { now: deps.now, baseUrl: result.url })).comments
          : (await parseCommentPage(result.body, { pageUrl: result.url, now: deps.now })).comments;
      // Read for this article: file them under it, whatever the page calls itself (http/https, canonical).
      await store(comments.map((c) => ({ ...c, articleUrl: fetch.articleUrl })));
    } catch (error) {
      if (deps.lease?.aborted) throw error;
      outcome.errors.push(`comments of ${fetch.articleUrl}: ${errorMessage(error)}`);
    }
  }
  if (outcome.errors.length > 0) deps.logger.warn({ errors: outcome.errors }, 'some comments could not be read');
  return outcome;
}
