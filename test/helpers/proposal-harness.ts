import { findCommand } from '../../commands/index.ts';
import type { Config } from '../../src/config.ts';
import { runCommand } from '../../src/command-kit/run-command.ts';
import type { OptionValue } from '../../src/command-kit/types.ts';
import { Outbox } from '../../src/delivery/outbox.ts';
import { silentLogger } from '../../src/logger.ts';
import { proposalStoreOf } from '../../src/proposals/proposal-store.ts';
import { proposeFromNewItems, type ProposeDeps } from '../../src/proposals/propose-new-items.ts';
import type { Reply } from '../../src/render/reply.ts';
import type { Item } from '../../src/sources/item.ts';
import { loadSources } from '../../src/sources/source-config.ts';
import { renderText } from '../../src/terminal/render-text.ts';
import { loadRecommendationsData } from '../../src/tracker/recommendations-schema.ts';
import { Tracker } from '../../src/tracker/tracker.ts';
import { memoryConnection } from './memory-store.ts';
import { newsItem } from './digest-data.ts';
import { fakeDiscordConfig } from './bot-on-fake-discord.ts';
import type { FakeDiscord } from './fake-discord.ts';
import { HARNESS_EDITOR_GUILDS, moderator, trackerHarness } from './tracker-context.ts';

export { member, moderator } from './tracker-context.ts';

/**
 * Every part of proposing and deciding over one memory store, as one process of the bot holds them,
 * with `editorGuilds` as EDITOR_GUILD_IDS.
 */
export async function proposalHarness(
  now = new Date('2026-11-23T12:00:00Z'),
  { editorGuilds = HARNESS_EDITOR_GUILDS }: { editorGuilds?: string[] } = {},
) {
  const connection = await memoryConnection();
  const tracker = await Tracker.open(loadRecommendationsData(), connection.collection<unknown>('tracker'), {
    logger: silentLogger,
  });
  const { ctx } = await trackerHarness({ tracker, now });
  ctx.config = { ...ctx.config, EDITOR_GUILD_IDS: editorGuilds };
  const { items, settings } = ctx;
  const outbox = new Outbox(connection);
  const proposals = proposalStoreOf(connection);
  ctx.proposals = proposals;
  const deps: ProposeDeps = {
    store: connection,
    tracker,
    settings,
    outbox,
    editorGuilds,
    sourceName: sourceNameOf,
    logger: silentLogger,
    now: () => now,
  };
  const command = (
    name: string,
    subcommand: string | undefined,
    options: Record<string, OptionValue> = {},
    user = moderator,
  ): Promise<Reply> => runCommand(findCommand(name)!, ctx, { subcommand, options, user, guildId: 'terminal' });
  return {
    connection,
    tracker,
    items,
    settings,
    outbox,
    proposals,
    ctx,
    deps,
    now,
    propose: (stories: Item[]) => proposeFromNewItems(deps, stories),
    command,
    text: async (...args: Parameters<typeof command>) => renderText(await command(...args)),
    /** Marks every outbox entry's parts as posted, as delivery would. */
    async markDelivered() {
      for (const entry of await outbox.pending()) {
        entry.parts.forEach((part, i) =>
          Object.assign(part, {
            sentId: `${entry.id}#${i}`,
            sentAt: now.toISOString(),
            attemptedAt: now.toISOString(),
          }),
        );
        entry.state = 'sent';
        await outbox.save(entry);
      }
    },
  };
}

const sourceNames = new Map(loadSources('data/sources.yaml').map((s) => [s.id, s.name]));

/** The name of a source of data/sources.yaml by its id, as the running app knows it. */
export const sourceNameOf = (id: string): string | undefined => sourceNames.get(id);

/** A decision story as a poll stores it: Government scraps the kinship allowance. */
export function scrapsKinshipAllowance(fields: Partial<Parameters<typeof newsItem>[0]> = {}): Item {
  return newsItem({
    title: 'Government scraps plan to pay kinship carers an allowance',
    summary:
      'Ministers have dropped plans for a national allowance for kinship carers, the Department for Education confirmed. Charities called it a betrayal.',
    published: '2026-11-20T09:30:00Z',
    ...fields,
  });
}

/** The bot's settings for logging in to a started fake Discord, over a memory store of its own. */
export function configOnFake(fake: FakeDiscord, overrides: Partial<Config> = {}): Config {
  return { ...fakeDiscordConfig(fake, `memory:proposals-on-fake-${fake.port}`), ...overrides };
}
