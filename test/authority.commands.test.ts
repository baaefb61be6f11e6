// Every command and subcommand declares who may run it, and the declaration is what is enforced:
// a new admin command cannot forget its check, because it must appear in this table.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import { runAutocomplete, runCommand } from '../src/command-kit/run-command.ts';
import type { CommandModule, CommandUser, Rights } from '../src/command-kit/types.ts';
import { dispatchComponentInteraction } from '../src/discord/dispatch-components.ts';
import { proposalHarness, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

/** Who may run what: `editor` changes what every server sees; `manager` this server's own state. */
const EXPECTED: Record<string, 'anyone' | 'manager' | 'admin' | 'editor'> = {
  'recommendation show': 'anyone',
  'recommendation list': 'anyone',
  'recommendation stale': 'anyone',
  'recommendation update': 'editor',
  'recommendation add': 'editor',
  'recommendation history': 'anyone',
  items: 'anyone',
  'digest show': 'anyone',
  'digest show public:true': 'manager',
  'digest preview': 'manager',
  explain: 'admin',
  watch: 'manager',
  unwatch: 'manager',
  watches: 'anyone',
  'feeds list': 'admin',
  'feeds add': 'editor',
  'feeds remove': 'editor',
  'feeds test': 'editor',
  'feeds resume': 'editor',
  config: 'manager',
  proposals: 'editor',
  approve: 'editor',
  reject: 'editor',
  status: 'editor',
  help: 'anyone',
};

const EDITORS = '100000000000000001';
const REFUSED = /^(Only members with the Manage Server permission|Only the bot's editors|Nobody can)/;

const user = (rights: Rights): CommandUser => ({ id: '190000000000000005', name: 'Someone', rights });
const callers = {
  member: user({ manageServer: false, editor: false }),
  /** Manage Server in a server that is not an editor server. */
  manager: user({ manageServer: true, editor: false }),
  /** The editor role in the editor server, without Manage Server. */
  editorByRole: user({ manageServer: false, editor: true }),
  editor: user({ manageServer: true, editor: true }),
};
const mayRun: Record<string, Array<keyof typeof callers>> = {
  anyone: ['member', 'manager', 'editorByRole', 'editor'],
  manager: ['manager', 'editor'],
  admin: ['manager', 'editorByRole', 'editor'],
  editor: ['editorByRole', 'editor'],
};

interface Case {
  label: string;
  command: CommandModule;
  subcommand?: string;
  options: Record<string, string | boolean>;
  autocompleted: string[];
}

/** Every command and subcommand in the command list, with the options that autocomplete. */
function cases(): Case[] {
  return allCommands.flatMap((command) => {
    const name = command.definition.name;
    const options = command.definition.options ?? [];
    const autocompleted = (list: readonly unknown[]) =>
      list.filter((o) => (o as { autocomplete?: boolean }).autocomplete).map((o) => (o as { name: string }).name);
    const subs = options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
    if (subs.length === 0) return [{ label: name, command, options: {}, autocompleted: autocompleted(options) }];
    return subs.flatMap((sub) => {
      const own = 'options' in sub ? (sub.options ?? []) : [];
      const base = { command, subcommand: sub.name, autocompleted: autocompleted(own) };
      const each: Case[] = [{ ...base, label: `${name} ${sub.name}`, options: {} }];
      if (own.some((o) => o.name === 'public'))
        each.push({ ...base, label: `${name} ${sub.name} public:true`, options: { public: true } });
      return each;
    });
  });
}

describe('who may run each command', () => {
  it('has a declared right for every command and subcommand, as in this table', () => {
    expect(cases().map((c) => c.label)).toEqual(Object.keys(EXPECTED));
  });

  it.each(cases().map((c) => [c.label, c] as const))(
    '%s: refused before it runs to whoever lacks the right',
    async (label, c) => {
      const h = await proposalHarness();
      await h.propose([scrapsKinshipAllowance()]);
      h.ctx.sources = [
        { id: 'community-care', name: 'Community Care', kind: 'rss', url: 'https://example.com/feed/', enabled: true },
      ];
      const allowed = mayRun[EXPECTED[label]!]!;
      for (const [who, caller] of Object.entries(callers)) {
        const input = { subcommand: c.subcommand, options: c.options, user: caller, guildId: 'terminal' };
        const reply = await runCommand(c.command, h.ctx, input);
        const refused = REFUSED.test(reply.content ?? '');
        expect({ who, refused }).toEqual({ who, refused: !allowed.includes(who as keyof typeof callers) });
        if (refused) expect(reply.ephemeral).toBe(true);
        for (const focused of c.autocompleted) {
          const choices = await runAutocomplete(c.command, h.ctx, { ...input, focused: { name: focused, value: '' } });
          if (!allowed.includes(who as keyof typeof callers))
            expect({ who, focused, choices }).toEqual({ who, focused, choices: [] });
          else expect({ who, focused, offered: choices.length > 0 }).toEqual({ who, focused, offered: true });
        }
      }
    },
  );
});

describe('the proposal buttons and the edit form', () => {
  it.each(['approve', 'edit', 'reject', 'edited'])(
    '%s: refused to a member of the editor server without rights',
    async (action) => {
      const h = await proposalHarness();
      await h.propose([scrapsKinshipAllowance()]);
      const [proposal] = await h.proposals.pending();
      const replies: Array<{ content?: string; flags?: number }> = [];
      const interaction = {
        id: '190000000000000020',
        customId: `proposal:${proposal!.id}:${action}`,
        guildId: EDITORS,
        user: { id: '190000000000000003', username: 'member', globalName: 'Member' },
        memberPermissions: { has: () => false },
        member: { roles: [] },
        deferred: false,
        replied: false,
        message: { id: '190000000000000021' },
        isButton: () => action !== 'edited',
        isModalSubmit: () => action === 'edited',
        isFromMessage: () => true,
        fields: { getTextInputValue: () => 'accepted' },
        reply: async (body: never) => void replies.push(body),
        followUp: async (body: never) => void replies.push(body),
        update: async (body: never) => void replies.push(body),
        showModal: async (body: never) => void replies.push(body),
      };
      const deps = {
        proposals: h.proposals,
        tracker: h.tracker,
        outbox: h.outbox,
        logger: h.ctx.logger,
        now: h.ctx.now,
        authority: { editorGuilds: [EDITORS] },
      };
      await dispatchComponentInteraction(interaction as never, deps);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ flags: 64, content: expect.stringMatching(REFUSED) });
      expect((await h.proposals.get(proposal!.id))!.state).toBe('pending');
    },
  );
});
