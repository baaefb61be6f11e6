import type { App } from '../app.ts';
import type { DigestJobDeps, DigestTarget } from './digest-job.ts';

/** Where each server's digest goes: its /config digest-channel, else DIGEST_CHANNEL_ID. */
export async function digestTargets(app: App, guildIds: string[]): Promise<DigestTarget[]> {
  const targets = new Map<string, DigestTarget>();
  for (const { guildId, channelId } of await app.settings.allChannels('digest-channel'))
    targets.set(guildId, { guildId, channelId });
  const fallback = app.config.DIGEST_CHANNEL_ID;
  if (fallback)
    for (const guildId of guildIds) if (!targets.has(guildId)) targets.set(guildId, { guildId, channelId: fallback });
  return [...targets.values()];
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
