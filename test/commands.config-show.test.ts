import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import { runTextLine } from '../src/terminal/prompt.ts';
import { startBotOnFake, type BotOnFake } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord } from './helpers/fake-discord.ts';

const fake = new FakeDiscord();
let bot: BotOnFake;
const MANAGE_GUILD = '32';

beforeAll(async () => {
  await fake.start();
  bot = await startBotOnFake(fake, []);
});
afterAll(async () => {
  await bot?.stop();
});

/** What a member sees for bare /config: its text, whether only they see it. */
async function bareConfig(permissions: string) {
  const answer = await fake.answerTo(fake.chatInput('config', undefined, {}, { permissions }));
  const data = answer.body.data;
  const text = [data.content ?? '', ...(data.embeds ?? []).map((e: any) => `${e.title}\n${e.description}`)].join('\n');
  return { text, private: (data.flags & 64) === 64 };
}

describe('bare /config', () => {
  it('can be sent on its own: Discord sends a command that has subcommands only with one of them', () => {
    const config = fake.commands().find((c) => c.name === 'config');
    for (const option of config.options ?? []) {
      expect(option.type, option.name).not.toBe(1);
      expect(option.required ?? false, option.name).toBe(false);
    }
  });

  it("shows a Manage Server member, privately, this server's settings and how to change each", async () => {
    const empty = await bareConfig(MANAGE_GUILD);
    expect(empty.private).toBe(true);
    expect(empty.text).toContain('Settings for this server');
    expect(empty.text).toMatch(/digest-channel.*: not set/);
    expect(empty.text).toMatch(/No alerts/);

    const set = await fake.answerTo(
      fake.chatInput(
        'config',
        undefined,
        { 'digest-channel': fake.channelId },
        { permissions: MANAGE_GUILD, channelOptions: ['digest-channel'] },
      ),
    );
    expect(set.body.data.content).toBe(`Done: <#${fake.channelId}> is now where the weekly digest is posted.`);
    await fake.answerTo(fake.chatInput('watch', undefined, { theme: 'fostering' }, { permissions: MANAGE_GUILD }));

    const shown = await bareConfig(MANAGE_GUILD);
    expect(shown.private).toBe(true);
    expect(shown.text).toMatch(new RegExp(`digest-channel[^\\n]*: <#${fake.channelId}>`));
    expect(shown.text).toMatch(/admin-channel[^\n]*: not set/);
    expect(shown.text).toMatch(/review-channel[^\n]*: not set/);
    expect(shown.text).toMatch(/Weekly digest: Mon 09:00 \(Europe\/London\)/);
    expect(shown.text).toMatch(new RegExp(`theme \\*\\*fostering\\*\\* in <#${fake.channelId}>`));
    for (const how of [
      '/config digest-channel:',
      '/config admin-channel:',
      '/config review-channel:',
      '/unwatch',
      '/watch',
    ])
      expect(shown.text).toContain(how);
  });

  it('is refused to other members, as setting a channel is', async () => {
    const refused = await bareConfig('0');
    expect(refused.private).toBe(true);
    expect(refused.text).toMatch(/^Only members with the Manage Server permission/);
    expect(refused.text).not.toContain('Settings for this server');
    expect(refused.text).not.toContain(fake.channelId);
  });

  it('shows the settings at the prompt too, as the operator’s own: channels apply on Discord', async () => {
    await runTextLine('/watch theme:fostering', bot.app.context, allCommands);
    const text = await runTextLine('/config', bot.app.context, allCommands);
    expect(text).not.toMatch(/Missing|Usage/);
    expect(text).toMatch(/^Settings at the terminal/);
    // The terminal is no Discord server, and whoever types at it runs the bot.
    expect(text).not.toMatch(/this server|Manage Server|editor server/);
    expect(text).toMatch(/Channels apply on Discord/);
    for (const setting of ['digest-channel', 'admin-channel', 'review-channel'])
      expect(text).toContain(`/config ${setting}:#channel`);
    expect(text).toMatch(/theme fostering in the terminal/);
    expect(text).toMatch(/Weekly digest: Mon 09:00 \(Europe\/London\)/);
  });
});
