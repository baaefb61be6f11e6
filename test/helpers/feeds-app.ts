import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { openApp, type App } from '../../src/app.ts';
import { findCommand } from '../../commands/index.ts';
import { runCommand } from '../../src/command-kit/run-command.ts';
import type { CommandInput, CommandUser } from '../../src/command-kit/types.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Reply } from '../../src/render/reply.ts';
import { renderText } from '../../src/terminal/render-text.ts';

export const GUILD = '100000000000000001';
/** A moderator of the editor server (Manage Server there), so an editor. */
export const moderator: CommandUser = { id: '1', name: 'Mod', rights: { manageServer: true, editor: true } };
export const member: CommandUser = { id: '2', name: 'Member', rights: { manageServer: false, editor: false } };

/** A sources file with one feed source per entry: `{ id: url }`. */
export function writeSourcesFile(path: string, feeds: Record<string, string>): string {
  const lines = Object.entries(feeds).map(
    ([id, url]) => `  - {id: ${id}, name: "${id} news", kind: rss, url: "${url}"}`,
  );
  writeFileSync(path, `sources:\n${lines.join('\n')}\n`);
  return path;
}

/** The bot's parts as `start` opens them, on a store of the test's choosing (a fresh memory store by default). */
export function openTestApp(
  sourcesFile: string,
  options: { storeUrl?: string; allowPrivateFeeds?: boolean; timeoutMs?: number } = {},
): Promise<App> {
  const config = loadConfig(
    {
      STORE_URL: options.storeUrl ?? `memory:feeds-${randomUUID()}`,
      SOURCES_FILE: sourcesFile,
      ALLOW_PRIVATE_FEEDS: options.allowPrivateFeeds === false ? '0' : '1',
      EDITOR_GUILD_IDS: GUILD,
    },
    { dotenv: false },
  );
  return openApp({ config, logger: silentLogger, fetchOptions: { timeoutMs: options.timeoutMs ?? 2_000 } });
}

/** Runs a slash command through the one error policy, as Discord and the terminal do. */
export function runReply(app: App, name: string, input: Partial<CommandInput>): Promise<Reply> {
  return runCommand(findCommand(name)!, app.context, {
    options: {},
    user: moderator,
    guildId: GUILD,
    channelId: '200000000000000002',
    ...input,
  });
}

export async function run(app: App, name: string, input: Partial<CommandInput>): Promise<string> {
  return renderText(await runReply(app, name, input));
}
