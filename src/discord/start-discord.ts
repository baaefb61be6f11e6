import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { App } from '../app.ts';
import { UserFacingError } from '../errors.ts';
import { createClient, DEFAULT_API_BASE } from './create-client.ts';
import { claimInteraction } from './claim-interaction.ts';
import { dispatchInteraction } from './dispatch.ts';
import { componentDepsOf, dispatchComponentInteraction, isComponentInteraction } from './dispatch-components.ts';
import { definitionsHash, registerCommands, type RegistrationTarget } from './register-commands.ts';

const REGISTERED_KEY = 'commands-registered-hash';

export function registrationTarget(app: App): RegistrationTarget {
  const { DISCORD_TOKEN, DISCORD_APP_ID, DISCORD_GUILD_ID, DISCORD_API_BASE } = app.config;
  if (!DISCORD_TOKEN || !DISCORD_APP_ID)
    throw new UserFacingError('DISCORD_TOKEN and DISCORD_APP_ID must be set to talk to Discord (see .env.example)');
  return {
    token: DISCORD_TOKEN,
    appId: DISCORD_APP_ID,
    guildId: DISCORD_GUILD_ID,
    apiBase: DISCORD_API_BASE ?? DEFAULT_API_BASE,
  };
}

/** Registers the commands when their definitions (or where they go) changed since the last registration. */
export async function registerIfChanged(app: App, force = false): Promise<boolean> {
  const target = registrationTarget(app);
  const definitions = app.commands.map((c) => c.definition);
  const hash = definitionsHash(definitions, target);
  const meta = app.store.collection<string>('meta');
  if (!force && (await meta.get(REGISTERED_KEY)) === hash) {
    app.logger.debug('slash commands unchanged; not registering');
    return false;
  }
  await registerCommands(definitions, target, app.logger);
  await meta.set(REGISTERED_KEY, hash);
  return true;
}

/** Logs in, registers commands if they changed, and answers interactions until stopped. */
export async function startDiscord(app: App): Promise<{ client: Client; stop(): Promise<void> }> {
  const target = registrationTarget(app);
  await registerIfChanged(app);
  const client = createClient(target.apiBase);
  const components = componentDepsOf(app);
  client.on(Events.InteractionCreate, (interaction) => {
    void claimInteraction(app, interaction.id).then((mine) => {
      if (!mine) return undefined;
      return isComponentInteraction(interaction)
        ? dispatchComponentInteraction(interaction, components)
        : dispatchInteraction(interaction, app.commands, app.context, app.logger);
    });
  });
  client.on(Events.Error, (error) => app.logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => app.logger.warn({ message }, 'discord client warning'));
  const ready = once(client, Events.ClientReady);
  await client.login(target.token);
  await ready;
  app.logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
