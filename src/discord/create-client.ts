import { Client, GatewayIntentBits, Options } from 'discord.js';

export const DEFAULT_API_BASE = 'https://discord.com/api';

/**
 * A gateway client that needs only the Guilds intent (slash commands arrive as interactions) and
 * caches almost nothing, so memory stays flat however long it runs.
 */
export function createClient(apiBase = DEFAULT_API_BASE): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: apiBase, version: '10' },
    makeCache: Options.cacheWithLimits({
      MessageManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      UserManager: 100,
      GuildMemberManager: 100,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: 3600, filter: () => (user) => user.id !== user.client.user?.id },
    },
    allowedMentions: { parse: [] },
  });
}
