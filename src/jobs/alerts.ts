import { createHash } from 'node:crypto';
import type { Outbox } from '../delivery/outbox.ts';
import { packSections, type MessagePayload } from '../render/pack-messages.ts';
import { colours } from '../render/reply.ts';
import type { Block, Section } from '../render/rich-text.ts';
import type { Item } from '../sources/item.ts';
import type { Watch } from '../store/settings-store.ts';
import { storyDate } from '../util/format.ts';

export interface AlertBatch {
  guildId: string;
  channelId: string;
  items: Item[];
  /** For each item, the watches it matched ("theme kinship-care"). */
  reasons: Map<string, string[]>;
}

function matches(item: Item, watch: Watch): boolean {
  const c = item.classification;
  if (!c?.aboutReform) return false;
  return watch.kind === 'theme'
    ? c.themes.some((t) => t.key === watch.key)
    : c.recommendations.some((r) => r.key === watch.key);
}

/** New, announced items (never backfill) matched against the watches, one batch per channel. */
export function alertBatches(items: Item[], watches: Watch[]): AlertBatch[] {
  const batches = new Map<string, AlertBatch>();
  for (const item of items) {
    if (item.backfill) continue;
    for (const watch of watches) {
      if (!matches(item, watch)) continue;
      const key = `${watch.guildId}:${watch.channelId}`;
      let batch = batches.get(key);
      if (!batch)
        batches.set(
          key,
          (batch = { guildId: watch.guildId, channelId: watch.channelId, items: [], reasons: new Map() }),
        );
      if (!batch.reasons.has(item.id)) batch.items.push(item);
      batch.reasons.set(item.id, [...(batch.reasons.get(item.id) ?? []), `${watch.kind} ${watch.key}`]);
    }
  }
  return [...batches.values()];
}

/** A batch as few messages as the limits allow: one block per item, with why it was posted. */
export function alertPayloads(batch: AlertBatch, sourceName: (id: string) => string): MessagePayload[] {
  const blocks: Block[] = batch.items.map((item) => {
    const why = (item.classification?.themes[0]?.evidence ?? [])
      .slice(0, 2)
      .map((e) => `'${e.phrase}' (${e.field})`)
      .join(', ');
    return {
      lines: [
        [
          { text: '• ' },
          { link: item.title, url: item.url, max: 200 },
          { text: ' · ' },
          { feed: sourceName(item.sourceId), max: 60 },
          { text: ` · ${storyDate(item)}` },
        ],
        [
          { text: `  watched: ${batch.reasons.get(item.id)!.join(', ')}` },
          ...(why ? [{ text: ' · why: ' }, { feed: why, max: 160 }] : []),
        ],
      ],
    };
  });
  const section: Section = { title: `New on the care review (${batch.items.length})`, colour: colours.neutral, blocks };
  return packSections([section], {
    footer: (part, parts) => (parts > 1 ? `Alert · part ${part} of ${parts}` : 'Alert · /unwatch to stop'),
  });
}

/**
 * Enqueues one outbox entry per channel for the stories no earlier alert in that channel carried:
 * a story is announced once per channel, however often a failed run is repeated.
 */
export async function enqueueAlerts(
  deps: { outbox: Outbox; sourceName: (id: string) => string; now: Date; lease?: AbortSignal },
  items: Item[],
  watches: Watch[],
): Promise<number> {
  let created = 0;
  const batches = alertBatches(items, watches);
  if (batches.length === 0) return 0;
  const announced = new Map<string, Set<string>>();
  for (const entry of await deps.outbox.all()) {
    if (entry.kind !== 'alert' || entry.state === 'failed') continue;
    const key = `${entry.guildId}:${entry.channelId}`;
    const set = announced.get(key) ?? new Set<string>();
    for (const ref of entry.refs ?? []) set.add(ref);
    announced.set(key, set);
  }
  for (const batch of batches) {
    const already = announced.get(`${batch.guildId}:${batch.channelId}`);
    const fresh: AlertBatch = { ...batch, items: batch.items.filter((item) => !already?.has(item.id)) };
    if (fresh.items.length === 0) continue;
    const refs = fresh.items.map((i) => i.id).sort();
    deps.lease?.throwIfAborted();
    const id = `alert:${batch.guildId}:${batch.channelId}:${createHash('sha256').update(refs.join(',')).digest('hex').slice(0, 16)}`;
    const result = await deps.outbox.enqueue({
      id,
      kind: 'alert',
      guildId: batch.guildId,
      channelId: batch.channelId,
      createdAt: deps.now.toISOString(),
      messages: alertPayloads(fresh, deps.sourceName),
      refs,
    });
    if (result.created) created++;
  }
  return created;
}
