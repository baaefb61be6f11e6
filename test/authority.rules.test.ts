// Who counts as an editor, what happens with no editor server, and that a server's settings name
// only its own channels.
import { describe, expect, it } from 'vitest';
import { findCommand } from '../commands/index.ts';
import { authorityOf, rightsOf } from '../src/command-kit/permissions.ts';
import { runCommand } from '../src/command-kit/run-command.ts';
import type { CommandUser } from '../src/command-kit/types.ts';
import { loadConfig } from '../src/config.ts';
import { member, proposalHarness, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

const EDITORS = '100000000000000001';
const SECOND_EDITORS = '100000000000000002';
const OTHER = '900000000000000009';
const ROLE = '300000000000000003';

const config = (env: NodeJS.ProcessEnv) => loadConfig(env, { dotenv: false });

describe('who is an editor', () => {
  const authority = authorityOf(config({ EDITOR_GUILD_IDS: `${EDITORS},${SECOND_EDITORS}`, EDITOR_ROLE_ID: ROLE }));

  it('is a member with Manage Server, or with the editor role, in an editor server', () => {
    expect(rightsOf({ guildId: EDITORS, manageServer: true, roles: [] }, authority)).toEqual({
      manageServer: true,
      editor: true,
    });
    expect(rightsOf({ guildId: SECOND_EDITORS, manageServer: false, roles: [ROLE] }, authority)).toEqual({
      manageServer: false,
      editor: true,
    });
    expect(rightsOf({ guildId: EDITORS, manageServer: false, roles: ['300000000000000004'] }, authority).editor).toBe(
      false,
    );
  });

  it('is never anyone in another server, with Manage Server or a role of the same id', () => {
    expect(rightsOf({ guildId: OTHER, manageServer: true, roles: [ROLE] }, authority)).toEqual({
      manageServer: true,
      editor: false,
    });
    expect(rightsOf({ manageServer: true, roles: [] }, authority).editor).toBe(false);
  });

  it('takes DISCORD_GUILD_ID as the one editor server when EDITOR_GUILD_IDS is empty, and EDITOR_GUILD_IDS over it', () => {
    expect(authorityOf(config({ DISCORD_GUILD_ID: EDITORS })).editorGuilds).toEqual([EDITORS]);
    expect(authorityOf(config({ DISCORD_GUILD_ID: EDITORS, EDITOR_GUILD_IDS: SECOND_EDITORS })).editorGuilds).toEqual([
      SECOND_EDITORS,
    ]);
    expect(authorityOf(config({})).editorGuilds).toEqual([]);
  });
});

describe('with no editor server configured', () => {
  it('refuses shared edits with a message that says how to configure one, and posts proposals nowhere', async () => {
    const h = await proposalHarness(undefined, { editorGuilds: [] });
    const authority = authorityOf(h.ctx.config);
    expect(authority.editorGuilds).toEqual([]);
    await h.settings.setChannel({
      guildId: OTHER,
      name: 'review-channel',
      value: '900000000000000010',
      by: 'an admin',
      at: h.now.toISOString(),
    });
    const report = await h.propose([scrapsKinshipAllowance()]);
    expect(report).toMatchObject({ added: [expect.any(String)], enqueued: 0 });
    expect(await h.outbox.pending()).toEqual([]);

    const admin: CommandUser = {
      id: '900000000000000011',
      name: 'Admin',
      rights: rightsOf({ guildId: OTHER, manageServer: true, roles: [] }, authority),
    };
    const refused = await runCommand(findCommand('reject')!, h.ctx, {
      options: { id: report.added[0]! },
      user: admin,
      guildId: OTHER,
    });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(
      /^Nobody can use \/reject from Discord yet: it is for the bot's editors\. No editor server is configured\./,
    );
    expect(refused.content).toContain('EDITOR_GUILD_IDS');
    expect(refused.content).toContain('DISCORD_GUILD_ID');
    expect((await h.proposals.get(report.added[0]!))!.state).toBe('pending');
  });
});

describe('/config names channels of its own server only', () => {
  const manager: CommandUser = { id: '1', name: 'Mod', rights: { manageServer: true, editor: false } };

  it('refuses a channel Discord resolved to another server, and one it did not resolve at all', async () => {
    const h = await proposalHarness();
    const set = (channelGuilds?: Record<string, string>) =>
      runCommand(findCommand('config')!, h.ctx, {
        options: { 'digest-channel': '900000000000000010' },
        channelGuilds,
        user: manager,
        guildId: EDITORS,
      });
    for (const reply of [await set({ 'digest-channel': OTHER }), await set()]) {
      expect(reply).toEqual({
        ephemeral: true,
        failed: true,
        content: 'That channel is not in this server: pick one of its own.',
      });
    }
    expect(await h.settings.channel(EDITORS, 'digest-channel')).toBeUndefined();
    expect((await set({ 'digest-channel': EDITORS })).content).toContain('is now where the weekly digest is posted');
    expect(await h.settings.channel(EDITORS, 'digest-channel')).toBe('900000000000000010');
  });

  it('at the terminal, sets the one pseudo-server terminal', async () => {
    const h = await proposalHarness();
    const reply = await h.text('config', undefined, { 'admin-channel': '900000000000000010' });
    expect(reply).toContain('is now where admins are told');
    expect(await h.settings.channel('terminal', 'admin-channel')).toBe('900000000000000010');
  });
});

describe('/help', () => {
  it('says who may change what, and tells an editor they are one', async () => {
    const h = await proposalHarness();
    const asMember = await h.text('help', undefined, {}, member);
    expect(asMember).toContain(
      "Who may change what. What every server shares (the tracker, proposals and their decisions, the news sources) is changed only by the bot's editors",
    );
    expect(asMember).not.toContain('You are an editor.');
    expect(await h.text('help', undefined, {})).toContain('You are an editor.');
    expect(asMember).toContain('/approve: Approve a proposed status change');
    expect(asMember).toMatch(/\/approve: .*\(editors\)/);
  });
});
