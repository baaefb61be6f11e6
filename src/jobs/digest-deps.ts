import type { App } from '../app.ts';
import type { Logger } from '../logger.ts';
import type { DigestJobDeps, DigestTarget } from './digest-job.ts';

/** DIGEST_CHANNEL_ID with the server it belongs to: the digest channel of that server alone. */
export interface FallbackDigestChannel {
  channelId: string;
  guildId: string;
}

/**
 * The server a channel belongs to (Discord: GET /channels/{id}); undefined when it belongs to none
 * the bot can see (deleted, a DM, or out of reach). Throws when the question could not be asked.
 */
export type ChannelGuildLookup = (channelId: string) => Promise<string | undefined>;

/**
 * Where each server's digest goes: its /config digest-channel, else DIGEST_CHANNEL_ID for the one
 * server that channel belongs to, when the bot is in it. Never one channel for several servers.
 */
export async function digestTargets(
  app: App,
  guildIds: string[],
  fallback?: FallbackDigestChannel,
): Promise<DigestTarget[]> {
  const targets = new Map<string, DigestTarget>();
  for (const { guildId, channelId } of await app.settings.allChannels('digest-channel'))
    targets.set(guildId, { guildId, channelId });
  if (fallback && guildIds.includes(fallback.guildId) && !targets.has(fallback.guildId))
    targets.set(fallback.guildId, { guildId: fallback.guildId, channelId: fallback.channelId });
  return [...targets.values()];
}

/**
 * Learns which server DIGEST_CHANNEL_ID belongs to, once it can (call it at start-up, and for each
 * digest). A channel in no server the bot is in is a clear warning and no fallback; a lookup that
 * fails (Discord unreachable) is a warning and is asked again at the next digest.
 */
export function fallbackDigestChannel(
  channelId: string | undefined,
  lookup: ChannelGuildLookup,
  guildIds: () => string[],
  logger: Logger,
): () => Promise<FallbackDigestChannel | undefined> {
  let known: { channel?: FallbackDigestChannel } | undefined;
  return async () => {
    if (!channelId) return undefined;
    if (known) return known.channel;
    let guildId: string | undefined;
    try {
      guildId = await lookup(channelId);
    } catch (error) {
      logger.warn(
        { err: error, channel: channelId },
        'could not ask Discord which server DIGEST_CHANNEL_ID belongs to; it is not used until it can be checked (at the next digest)',
      );
      return undefined;
    }
    if (!guildId) {
      logger.warn(
        { channel: channelId },
        'DIGEST_CHANNEL_ID is not a channel of any server the bot is in: no server gets it as its digest channel; servers choose one with /config digest-channel',
      );
      known = {};
    } else {
      // A channel never changes server; whether the bot is in that server is asked at each digest.
      if (guildIds().includes(guildId))
        logger.info(
          { channel: channelId, guild: guildId },
          "DIGEST_CHANNEL_ID is its server's fallback digest channel",
        );
      else
        logger.warn(
          { channel: channelId, guild: guildId },
          'DIGEST_CHANNEL_ID belongs to a server the bot is not in: no server gets it as its digest channel until the bot joins that one',
        );
      known = { channel: { channelId, guildId } };
    }
    return known.channel;
  };
}

export function digestJobDeps(app: App, extra: Pick<DigestJobDeps, 'targets' | 'deliver' | 'print'>): DigestJobDeps {
  return {
    items: app.items,
    comments: app.comments,
    tracker: app.tracker,
    // Read at each digest, not copied now: a feed added later (here or in another instance) is named.
    get sources() {
      return app.sources;
    },
    cron: app.config.DIGEST_CRON,
    zone: app.config.TZ,
    locks: app.store.locks,
    meta: app.store.collection<string>('meta'),
    outbox: app.outbox,
    logger: app.logger,
    ...extra,
  };
}
