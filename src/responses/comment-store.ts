import type { Comment } from './comment.ts';

/**
 * What the responses need from storage. Comments are kept once (by id) and found by their
 * article's canonical URL, which is also the stored Item's URL.
 */
export interface CommentStore {
  /** Stores the comments not stored yet; returns those, in the order given. */
  /** Stores those not stored yet and returns them; with a lease, checks it right before writing. */
  addNew(comments: Comment[], lease?: AbortSignal): Promise<Comment[]>;
  /** The comments on these articles, oldest first. */
  forArticles(articleUrls: string[]): Promise<Comment[]>;
  /** How many comments are stored for each of these articles (0 when none). */
  countsFor(articleUrls: string[]): Promise<Map<string, number>>;
  /** Comments published in [since, until), oldest first: what a digest of that period reads. */
  publishedBetween(since: string, until: string): Promise<Comment[]>;
}

const oldestFirst = (a: Comment, b: Comment) => a.published.localeCompare(b.published) || a.id.localeCompare(b.id);

/** The first of each id wins: a comment read again (from a feed, then the page) is the same comment. */
export function newComments(existing: ReadonlySet<string>, incoming: Comment[]): Comment[] {
  const seen = new Set(existing);
  return incoming.filter((comment) => !seen.has(comment.id) && seen.add(comment.id));
}

/** A CommentStore over an array in memory: for tests, benchmarks and the terminal. */
export class ArrayCommentStore implements CommentStore {
  private readonly byId = new Map<string, Comment>();

  constructor(comments: Comment[] = []) {
    for (const comment of newComments(new Set(), comments)) this.byId.set(comment.id, comment);
  }

  get size(): number {
    return this.byId.size;
  }

  async addNew(comments: Comment[], lease?: AbortSignal): Promise<Comment[]> {
    const fresh = newComments(new Set(this.byId.keys()), comments);
    lease?.throwIfAborted();
    for (const comment of fresh) this.byId.set(comment.id, comment);
    return fresh;
  }

  async forArticles(articleUrls: string[]): Promise<Comment[]> {
    const wanted = new Set(articleUrls);
    return [...this.byId.values()].filter((c) => wanted.has(c.articleUrl)).sort(oldestFirst);
  }

  async countsFor(articleUrls: string[]): Promise<Map<string, number>> {
    const counts = new Map(articleUrls.map((url) => [url, 0]));
    for (const comment of this.byId.values()) {
      const count = counts.get(comment.articleUrl);
      if (count !== undefined) counts.set(comment.articleUrl, count + 1);
    }
    return counts;
  }

  async publishedBetween(since: string, until: string): Promise<Comment[]> {
    return [...this.byId.values()].filter((c) => c.published >= since && c.published < until).sort(oldestFirst);
  }
}
