import type { Item } from '../sources/item.ts';
import type { Collection } from '../store/collection.ts';

/**
 * The stories stored but not yet announced by one step (alerts, proposals). Ids are added before
 * the stories are written and removed once that step has succeeded, so a crash or a failure
 * between storing and announcing is made good by the next poll, and a step that succeeded is not
 * run again for the same stories. Used under the poll lock.
 */
export class AnnouncementLedger {
  private readonly key: string;
  /** Sources are polled side by side: their additions to the one record are made one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly meta: Collection<string[]>,
    step: string,
  ) {
    this.key = `unannounced:${step}`;
  }

  add(items: Item[]): Promise<void> {
    const ids = items.filter((item) => !item.backfill).map((item) => item.id);
    if (ids.length === 0) return Promise.resolve();
    const next = this.queue
      .catch(() => undefined)
      .then(async () => {
        const current = (await this.meta.get(this.key)) ?? [];
        await this.meta.set(this.key, [...new Set([...current, ...ids])]);
      });
    this.queue = next;
    return next;
  }

  async pending(): Promise<string[]> {
    return (await this.meta.get(this.key)) ?? [];
  }

  async done(ids: string[]): Promise<void> {
    const gone = new Set(ids);
    const current = (await this.meta.get(this.key)) ?? [];
    await this.meta.set(
      this.key,
      current.filter((id) => !gone.has(id)),
    );
  }
}
