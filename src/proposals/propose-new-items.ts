import type { Outbox } from '../delivery/outbox.ts';
import type { Logger } from '../logger.ts';
import { messageLimitProblems } from '../render/discord-limits.ts';
import type { Item } from '../sources/item.ts';
import type { StoreConnection } from '../store/open-store.ts';
import type { SettingsStore } from '../store/settings-store.ts';
import type { Recommendation } from '../tracker/recommendations-schema.ts';
import type { Tracker } from '../tracker/tracker.ts';
import { loadDecisionPhrases } from './decision-phrases.ts';
import { DecisionDetector } from './detect-decision.ts';
import type { Proposal } from './proposal.ts';
import { asTrackerStands } from './proposal-context.ts';
import { proposalMessage } from './proposal-message.ts';
import { proposalStoreOf, type ProposalPost, type StoredProposal } from './proposal-store.ts';
import { proposeFromStory } from './propose-from-story.ts';
import { yieldToLoop } from '../util/yield-to-loop.ts';

export interface ProposeDeps {
  store: StoreConnection;
  tracker: Tracker;
  settings: SettingsStore;
  outbox: Outbox;
  /** The editor servers (see permissions.ts authorityOf): only their review channels get proposals. */
  editorGuilds: readonly string[];
  /** The name of a source by its id ("Community Care"), shown on each proposal beside the link's host. */
  sourceName?: (sourceId: string) => string | undefined;
  /** Defaults to one built from data/decision-phrases.yaml over the tracker's recommendations. */
  detector?: DecisionDetector;
  logger: Logger;
  now: () => Date;
}

export interface ProposeReport {
  /** Proposals that did not exist before. */
  added: string[];
  /** Pending proposals that gained a source from these stories. */
  merged: string[];
  /** Review-channel messages enqueued, one per proposal and channel. */
  enqueued: number;
}

const detectors = new WeakMap<Recommendation[], DecisionDetector>();

/** The detector over these recommendations, built once per list (a moderator's addition makes a new list). */
export function detectorFor(recommendations: Recommendation[]): DecisionDetector {
  let detector = detectors.get(recommendations);
  if (!detector)
    detectors.set(recommendations, (detector = new DecisionDetector(loadDecisionPhrases(), recommendations)));
  return detector;
}

/** `proposal:<guild>:<channel>:<id>` for the first message; a later one for a new source carries the count. */
export function proposalOutboxId(
  guildId: string,
  channelId: string,
  proposal: StoredProposal,
  sourcesNow?: number,
): string {
  const base = `proposal:${guildId}:${channelId}:${proposal.id}`;
  return sourcesNow === undefined ? base : `${base}:${sourcesNow}`;
}

/**
 * Reads the stories a poll has just stored for decisions on the recommendations they are tagged
 * with, folds what it finds into the stored proposals, and enqueues a review-channel message in
 * every editor server for each new proposal, and for each pending one another outlet now reports
 * too. Other servers never see them: only editors may decide them.
 * Backfilled stories are never read. Call it right after each poll, then deliver the outbox.
 */
const DETECT_SLICE = 25;

export async function proposeFromNewItems(deps: ProposeDeps, items: Item[]): Promise<ProposeReport> {
  // Built on first use (its phrases and model take ~100 ms to load): a poll of backfill never needs it.
  let detector = deps.detector;
  const incoming: Proposal[] = [];
  for (const [index, item] of items.entries()) {
    // Reading a story for decisions takes up to a millisecond: a poll's 200 give the event loop turns.
    if (index % DETECT_SLICE === DETECT_SLICE - 1) await yieldToLoop();
    const keys = item.classification?.recommendations.map((tag) => tag.key) ?? [];
    if (item.backfill || keys.length === 0) continue;
    try {
      incoming.push(
        ...proposeFromStory(
          (detector ??= detectorFor(deps.tracker.recommendations)),
          {
            title: item.title,
            summary: item.summary,
            body: item.body,
            url: item.url,
            published: item.published,
            dateKnown: item.publishedKnown,
            outlet: deps.sourceName?.(item.sourceId),
          },
          keys,
          (key) => deps.tracker.status(key),
        ),
      );
    } catch (error) {
      deps.logger.error({ err: error, item: item.id }, 'could not read a story for decisions; skipping it');
    }
  }
  if (incoming.length === 0) return { added: [], merged: [], enqueued: 0 };
  const proposals = proposalStoreOf(deps.store);
  const recordedSince = (key: string, axis: 'response' | 'progress', day: string) =>
    (deps.tracker.status(key)?.timeline ?? []).some((entry) => entry.axis === axis && entry.date > day);
  const { added, merged } = await proposals.merge(incoming, deps.now(), {
    recordedSince,
    statusOf: (key) => deps.tracker.status(key),
  });
  const toPost = [...added, ...merged.filter((p) => p.state === 'pending')];
  const channels =
    toPost.length > 0
      ? (await deps.settings.allChannels('review-channel')).filter((c) => deps.editorGuilds.includes(c.guildId))
      : [];
  if (toPost.length > 0 && deps.editorGuilds.length === 0)
    deps.logger.warn(
      'no editor server is configured (EDITOR_GUILD_IDS or DISCORD_GUILD_ID): proposals are kept, and posted nowhere',
    );
  let enqueued = 0;
  for (const proposal of toPost) {
    // What the message says it would change is worked out from the tracker as it stands now.
    const message = proposalMessage(
      asTrackerStands(proposal, deps.tracker.status(proposal.key)),
      deps.tracker.get(proposal.key)?.title ?? proposal.key,
    );
    const problems = messageLimitProblems(message);
    if (problems.length > 0) {
      deps.logger.error(
        { proposal: proposal.id, problems },
        'a proposal message would break Discord’s limits; not posting it',
      );
      continue;
    }
    const posts: ProposalPost[] = [];
    for (const { guildId, channelId } of channels) {
      const first = proposalOutboxId(guildId, channelId, proposal);
      const earlier = await deps.outbox.get(first);
      // Not yet sent: the waiting message is brought up to date instead of posting a second one.
      if (earlier?.state === 'pending' && !earlier.parts[0]?.sentId && !earlier.parts[0]?.attemptedAt) {
        earlier.parts[0]!.message = message;
        await deps.outbox.save(earlier);
        continue;
      }
      const id = earlier ? proposalOutboxId(guildId, channelId, proposal, proposal.sources.length) : first;
      const { created } = await deps.outbox.enqueue({
        id,
        kind: 'proposal',
        guildId,
        channelId,
        createdAt: deps.now().toISOString(),
        messages: [message],
      });
      if (created) {
        enqueued++;
        posts.push({ guildId, channelId, outboxId: id });
      }
    }
    if (posts.length > 0)
      await proposals.update(proposal.id, (current) => ({ ...current, posts: [...current.posts, ...posts] }));
  }
  const report = {
    added: added.map((p) => p.id),
    merged: merged.filter((p) => p.state === 'pending').map((p) => p.id),
    enqueued,
  };
  deps.logger.info({ ...report, channels: channels.length }, 'status proposals from new stories');
  return report;
}
