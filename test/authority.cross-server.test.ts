// Shared state (the tracker, proposals, sources) is the editor server's to change: Manage Server in
// any other server the bot is in gives no say over it.
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../commands/index.ts';
import { openApp, type App } from '../src/app.ts';
import { authorityOf, rightsOf } from '../src/command-kit/permissions.ts';
import { runCommand } from '../src/command-kit/run-command.ts';
import type { CommandInput, CommandUser } from '../src/command-kit/types.ts';
import { loadConfig } from '../src/config.ts';
import { componentDepsOf, dispatchComponentInteraction } from '../src/discord/dispatch-components.ts';
import { silentLogger } from '../src/logger.ts';
import { proposalStoreOf, type StoredProposal } from '../src/proposals/proposal-store.ts';
import { newsItem } from './helpers/digest-data.ts';
import { scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

const now = new Date('2026-11-23T12:00:00Z');
const EDITORS = '100000000000000001'; // the operator's editor server
const OTHER = '900000000000000009'; // any server whose owner invited the bot
const OTHER_CHANNEL = '900000000000000010';

let app: App;
let kinship: StoredProposal;
let payScale: StoredProposal;

/** A Manage Server member of the other server, with the rights the dispatcher gives them. */
const otherAdmin = (): CommandUser => ({
  id: '900000000000000011',
  name: 'Mallory',
  rights: rightsOf({ guildId: OTHER, manageServer: true, roles: [] }, authorityOf(app.config)),
});

const run = (name: string, input: Partial<CommandInput>) =>
  runCommand(findCommand(name)!, app.context, {
    options: {},
    user: otherAdmin(),
    guildId: OTHER,
    channelId: OTHER_CHANNEL,
    ...input,
  });

/** A button click or a form as Discord delivers it from the other server (a crafted custom_id, or a copied message). */
function fromOtherServer(customId: string, modal?: Record<string, string>) {
  const replies: unknown[] = [];
  const interaction = {
    id: '900000000000000013',
    customId,
    guildId: OTHER,
    channelId: OTHER_CHANNEL,
    user: { id: '900000000000000011', username: 'mallory', globalName: 'Mallory' },
    memberPermissions: new PermissionsBitField(PermissionFlagsBits.ManageGuild),
    member: { roles: [] },
    deferred: false,
    replied: false,
    message: { id: '900000000000000012' },
    isButton: () => !modal,
    isModalSubmit: () => Boolean(modal),
    isFromMessage: () => true,
    fields: { getTextInputValue: (name: string) => modal?.[name] ?? '' },
    update: async (body: unknown) => void replies.push(body),
    reply: async (body: unknown) => void replies.push(body),
    followUp: async (body: unknown) => void replies.push(body),
    showModal: async (body: unknown) => void replies.push({ modal: body }),
    deferUpdate: async () => undefined,
    editReply: async (body: unknown) => void replies.push(body),
    client: { rest: { patch: async () => undefined } },
  };
  return { interaction: interaction as never, replies };
}

beforeAll(async () => {
  app = await openApp({
    config: loadConfig(
      { STORE_URL: `memory:cross-server-${Date.now()}`, EDITOR_GUILD_IDS: EDITORS },
      { dotenv: false },
    ),
    logger: silentLogger,
    now: () => now,
  });
  const reviewChannels: Array<[string, string]> = [
    [EDITORS, '100000000000000002'],
    [OTHER, OTHER_CHANNEL],
  ];
  for (const [guildId, value] of reviewChannels)
    await app.settings.setChannel({ guildId, name: 'review-channel', value, by: 'an admin', at: now.toISOString() });
  const stories = [
    scrapsKinshipAllowance(),
    newsItem({
      title: 'DfE shelves plans for national pay scale for children’s social workers',
      summary: 'Ministers have shelved plans for a national pay scale.',
      published: '2026-11-18T10:00:00Z',
    }),
  ];
  for (const onNewItems of app.onNewItems) await onNewItems(stories);
  const pending = await proposalStoreOf(app.store).pending();
  kinship = pending.find((p) => p.key === 'kinship-allowance')!;
  payScale = pending.find((p) => p.key === 'national-pay-scale')!;
});
afterAll(() => app?.close());

const stateOf = async (id: string) => (await proposalStoreOf(app.store).get(id))!.state;

describe('a Manage Server member of a server that is not the editor server', () => {
  it('never gets proposals in its review channel: they go to the editor server only', () => {
    expect(kinship.posts.map((p) => p.guildId)).toEqual([EDITORS]);
    expect(payScale.posts.map((p) => p.guildId)).toEqual([EDITORS]);
  });

  it('cannot approve, reject or edit a proposal with its buttons or its form', async () => {
    for (const action of ['approve', 'reject', 'edit']) {
      const { interaction, replies } = fromOtherServer(`proposal:${kinship.id}:${action}`);
      await dispatchComponentInteraction(interaction, componentDepsOf(app));
      expect(replies).toEqual([expect.objectContaining({ flags: 64, content: expect.stringContaining('editors') })]);
    }
    const { interaction, replies } = fromOtherServer(`proposal:${kinship.id}:edited`, {
      value: 'accepted',
      summary: 'Ministers accept the allowance after all.',
    });
    await dispatchComponentInteraction(interaction, componentDepsOf(app));
    expect(replies).toEqual([expect.objectContaining({ flags: 64, content: expect.stringContaining('editors') })]);
    expect(await stateOf(kinship.id)).toBe('pending');
    expect(app.tracker.status('kinship-allowance')!.response.value).not.toBe('not-taken-forward');
  });

  it('cannot /approve or /reject a proposal (a rejection would stop it being proposed again)', async () => {
    expect((await run('reject', { options: { id: payScale.id } })).content).toContain('editors');
    expect((await run('approve', { options: { id: kinship.id } })).content).toContain('editors');
    expect(await stateOf(payScale.id)).toBe('pending');
    expect(await stateOf(kinship.id)).toBe('pending');
  });

  it('cannot change the tracker every server shows', async () => {
    const update = await run('recommendation', {
      subcommand: 'update',
      options: {
        key: 'iro',
        axis: 'progress',
        value: 'implemented',
        summary: 'IROs were abolished everywhere.',
        source_url: 'https://example.com/made-up',
      },
    });
    expect(update.content).toContain('editors');
    const addition = await run('recommendation', {
      subcommand: 'add',
      options: {
        key: 'made-up-recommendation',
        title: 'A recommendation the review never made',
        theme: 'workforce',
        proposed: 'Something nobody proposed at all.',
        source_url: 'https://example.com/made-up',
      },
    });
    expect(addition.content).toContain('editors');
    expect(app.tracker.history('iro')).toEqual([]);
    expect(app.tracker.get('made-up-recommendation')).toBeUndefined();
  });

  it('cannot remove or add a source every server’s digest reads', async () => {
    const removed = await run('feeds', { subcommand: 'remove', options: { id: 'community-care' } });
    expect(removed.content).toContain('editors');
    const added = await run('feeds', {
      subcommand: 'add',
      options: { url: 'http://127.0.0.1:9/hostile.xml', name: 'Hostile feed' },
    });
    expect(added.content).toContain('editors');
    const sources = await app.registry.list();
    expect(sources.find((s) => s.id === 'community-care')?.enabled).toBe(true);
    expect(sources.map((s) => s.id)).not.toContain('hostile-feed');
  });

  it('still runs its own server: /config and /watch', async () => {
    const set = await run('config', {
      options: { 'digest-channel': OTHER_CHANNEL },
      channelGuilds: { 'digest-channel': OTHER },
    });
    expect(set.content).toContain(`<#${OTHER_CHANNEL}> is now where the weekly digest is posted`);
    expect((await run('watch', { options: { theme: 'fostering' } })).content).toContain('Watching theme **fostering**');
  });
});
