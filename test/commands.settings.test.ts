import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app.ts';
import { findCommand } from '../commands/index.ts';
import { runCommand } from '../src/command-kit/run-command.ts';
import type { CommandInput } from '../src/command-kit/types.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { renderText } from '../src/terminal/render-text.ts';

let app: App;
beforeAll(async () => {
  app = await openApp({
    config: loadConfig(
      { STORE_URL: `memory:settings-${Date.now()}`, DIGEST_CHANNEL_ID: '300000000000000009' },
      { dotenv: false },
    ),
    logger: silentLogger,
  });
});
afterAll(() => app.close());

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000002';
const moderator = { id: '1', name: 'Mod', rights: { manageServer: true, editor: false } };
const member = { id: '2', name: 'Member', rights: { manageServer: false, editor: false } };

async function run(name: string, input: Partial<CommandInput>): Promise<string> {
  const reply = await runCommand(findCommand(name)!, app.context, {
    options: {},
    user: moderator,
    guildId: GUILD,
    channelId: CHANNEL,
    // As Discord resolves a channel option: a channel of this server.
    channelGuilds: { 'digest-channel': GUILD, 'admin-channel': GUILD, 'review-channel': GUILD },
    ...input,
  });
  return renderText(reply);
}

describe('/config', () => {
  it('refuses members without Manage Server, on the server side', async () => {
    expect(await run('config', { options: { 'digest-channel': CHANNEL }, user: member })).toContain(
      'Only members with the Manage Server permission',
    );
    expect(await app.context.settings.channel(GUILD, 'digest-channel')).toBeUndefined();
  });

  it('sets the digest channel per server and shows the default from DIGEST_CHANNEL_ID until then', async () => {
    expect(await run('config', {})).toContain('300000000000000009');
    expect(await run('config', { options: { 'digest-channel': CHANNEL } })).toContain(
      `<#${CHANNEL}> is now where the weekly digest is posted`,
    );
    expect(await app.context.settings.channel(GUILD, 'digest-channel')).toBe(CHANNEL);
    expect(await run('config', { options: { 'review-channel': 'not-a-channel' } })).toContain('Pick a channel');
  });
});

describe('/config on Discord', () => {
  it('shows DIGEST_CHANNEL_ID as the default only in the server that channel belongs to', async () => {
    const other = '100000000000000077';
    app.context.digestFallback = async () => ({ guildId: other, channelId: '300000000000000009' });
    try {
      expect(await run('config', { guildId: other })).toContain(
        '<#300000000000000009> (the default from DIGEST_CHANNEL_ID)',
      );
      const elsewhere = await run('config', { guildId: '100000000000000088' });
      expect(elsewhere).not.toContain('300000000000000009');
      expect(elsewhere).toContain('digest-channel (where the weekly digest is posted): not set');
    } finally {
      delete app.context.digestFallback;
    }
  });
});

describe('/watch, /unwatch, /watches', () => {
  it('watches a theme or a recommendation in the channel it is typed in, once', async () => {
    expect(await run('watch', { options: { theme: 'kinship-care' } })).toContain('Watching theme kinship-care');
    const iroKey = (app.tracker.get('iro') ?? app.context.finder.exact('iro'))!.key;
    expect(await run('watch', { options: { recommendation: 'iro' } })).toContain(`Watching recommendation ${iroKey}`);
    expect(await run('watch', { options: { theme: 'kinship-care' } })).toContain('already watches');
    const list = await run('watches', { user: member });
    expect(list).toContain('theme kinship-care');
    expect(list).toContain(`<#${CHANNEL}>`);
  });

  it('echoes an unknown target as text, never as a mention or a link', async () => {
    const reply = await runCommand(findCommand('watch')!, app.context, {
      options: { recommendation: '<@&123456789012345678> https://evil.example/x' },
      user: moderator,
      guildId: GUILD,
      channelId: CHANNEL,
    });
    expect(reply.content).toContain('No recommendation');
    expect(reply.content).not.toMatch(/<@&\d+>|https:\/\//);
  });

  it('names one target, and refuses unknown ones and members without Manage Server', async () => {
    expect(await run('watch', { options: {} })).toContain('Name one theme or one recommendation');
    expect(await run('watch', { options: { theme: 'fostering', recommendation: 'iro' } })).toContain(
      'Name one theme or one recommendation',
    );
    expect(await run('watch', { options: { recommendation: 'zzzz nothing' } })).toContain('No recommendation');
    expect(await run('watch', { options: { theme: 'fostering' }, user: member })).toContain('Manage Server');
    expect(await run('unwatch', { options: { theme: 'kinship-care' } })).toContain(
      'Stopped watching theme kinship-care',
    );
    expect(await run('unwatch', { options: { theme: 'kinship-care' } })).toContain('does not watch');
  });
});
