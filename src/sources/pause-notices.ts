import type { Outbox, OutgoingMessage } from '../delivery/outbox.ts';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { escapeText } from '../render/markdown.ts';
import type { FeedState, FeedStateStore } from '../store/feed-state-store.ts';
import type { SettingsStore } from '../store/settings-store.ts';
import { formatDate } from '../util/format.ts';
import { needsPauseNotice } from './pause.ts';
import type { Source } from './source-config.ts';

export interface AdminChannel {
  guildId: string;
  channelId: string;
}

export interface PauseNotice {
  id: string;
  kind: 'notice';
  guildId: string;
  channelId: string;
  createdAt: string;
  messages: OutgoingMessage[];
}

/** The notice's id names the run of failures, so the outbox creates it once however often it is offered. */
export function pauseNoticeId(channel: AdminChannel, sourceId: string, state: FeedState): string {
  return `notice:${channel.guildId}:${channel.channelId}:paused:${sourceId}:${state.failuresStartedAt ?? state.pausedAt ?? 'unknown'}`;
}

/** What the admins read: which feed, since when, the last error, and how to restart it. Never pings anyone. */
export function pauseMessage(source: Pick<Source, 'id' | 'name'>, state: FeedState): OutgoingMessage {
  const since = state.failuresStartedAt ? ` since ${formatDate(state.failuresStartedAt)}` : '';
  const content = [
    `**A news feed is paused: ${escapeText(source.name, 100)}** (\`${source.id}\`)`,
    `It failed ${state.failures} times in a row${since}. The last error: ${escapeText(state.lastError ?? 'unknown', 300)}`,
    `It is no longer polled; nothing already stored from it is lost. Once the problem is fixed, \`/feeds resume ${source.id}\` restarts it.`,
  ].join('\n');
  return { content, allowed_mentions: { parse: [] } };
}

/** One notice per server with an admin channel, for a source that has just been paused. */
export function pauseNotices(
  source: Pick<Source, 'id' | 'name'>,
  state: FeedState,
  channels: AdminChannel[],
  now: Date,
): PauseNotice[] {
  if (!needsPauseNotice(state)) return [];
  const message = pauseMessage(source, state);
  return channels.map((channel) => ({
    id: pauseNoticeId(channel, source.id, state),
    kind: 'notice',
    ...channel,
    createdAt: now.toISOString(),
    messages: [message],
  }));
}

export interface PauseNoticeDeps {
  feeds: FeedStateStore;
  settings: SettingsStore;
  outbox: Outbox;
  logger: Logger;
  now: () => Date;
  /** The poll lock's lease: once aborted, nothing more is written. */
  lease?: AbortSignal;
}

/**
 * Puts the notices of newly paused sources in the outbox (delivered by the delivery loop), then marks
 * the sources as told. Run under the poll lock after a poll. A source whose notices could not be put
 * in the outbox stays untold and is offered again after the next poll; the outbox ids keep that from
 * posting anything twice.
 */
export async function enqueuePauseNotices(sources: Source[], deps: PauseNoticeDeps): Promise<number> {
  let enqueued = 0;
  let channels: AdminChannel[] | undefined;
  for (const source of sources) {
    try {
      const state = await deps.feeds.get(source.id);
      if (!state || !needsPauseNotice(state)) continue;
      channels ??= await deps.settings.allChannels('admin-channel');
      for (const notice of pauseNotices(source, state, channels, deps.now())) {
        deps.lease?.throwIfAborted();
        if ((await deps.outbox.enqueue(notice)).created) enqueued++;
      }
      deps.lease?.throwIfAborted();
      await deps.feeds.update(source.id, (current) =>
        current.pausedAt === state.pausedAt ? { ...current, pauseNoticesAt: deps.now().toISOString() } : current,
      );
      deps.logger.warn(
        { source: source.id, failures: state.failures, servers: channels.length },
        'source paused after failing repeatedly; admins told',
      );
    } catch (error) {
      if (deps.lease?.aborted) throw error;
      deps.logger.warn(
        { source: source.id, reason: errorMessage(error) },
        'could not queue the notice of a paused source; trying again after the next poll',
      );
    }
  }
  return enqueued;
}
