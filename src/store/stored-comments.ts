import type { Comment } from '../responses/comment.ts';
import { newComments, type CommentStore } from '../responses/comment-store.ts';
import type { Collection } from './collection.ts';
import type { StoreConnection } from './open-store.ts';

const isComment = (v: unknown): v is Comment =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Comment).id === 'string' &&
  typeof (v as Comment).articleUrl === 'string' &&
  typeof (v as Comment).text === 'string';

const oldestFirst = (a: Comment, b: Comment) => a.published.localeCompare(b.published) || a.id.localeCompare(b.id);

/**
 * Reader comments in the store, one record per comment id (the same comment read from a feed and
 * from the page has one id, so it is stored once). Reads go to the store: comments are few next to
 * items, and another process may have stored some.
 */
export class StoredComments implements CommentStore {
  private readonly kv: Collection<Comment>;

  constructor(connection: StoreConnection) {
    this.kv = connection.collection<Comment>('comments', isComment);
  }

  async addNew(comments: Comment[], lease?: AbortSignal): Promise<Comment[]> {
    const candidates = newComments(new Set(), comments);
    const existing = await this.kv.getMany(candidates.map((c) => c.id));
    const fresh = candidates.filter((_, i) => !existing[i]);
    lease?.throwIfAborted();
    await this.kv.setMany(fresh.map((comment) => ({ key: comment.id, value: comment })));
    return fresh;
  }

  private async all(): Promise<Comment[]> {
    return (await this.kv.entries()).map(([, comment]) => comment);
  }

  async forArticles(articleUrls: string[]): Promise<Comment[]> {
    const wanted = new Set(articleUrls);
    return (await this.all()).filter((c) => wanted.has(c.articleUrl)).sort(oldestFirst);
  }

  async countsFor(articleUrls: string[]): Promise<Map<string, number>> {
    const counts = new Map(articleUrls.map((url) => [url, 0]));
    for (const comment of await this.all()) {
      const count = counts.get(comment.articleUrl);
      if (count !== undefined) counts.set(comment.articleUrl, count + 1);
    }
    return counts;
  }

  async publishedBetween(since: string, until: string): Promise<Comment[]> {
    return (await this.all()).filter((c) => c.published >= since && c.published < until).sort(oldestFirst);
  }
}
