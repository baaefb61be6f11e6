// Autocomplete answers only those who may run the command: /approve's and /reject's ids would
// otherwise list every pending proposal (id, recommendation, proposed value) to anyone.
import { describe, expect, it } from 'vitest';
import { findCommand } from '../commands/index.ts';
import { runAutocomplete } from '../src/command-kit/run-command.ts';
import type { CommandUser } from '../src/command-kit/types.ts';
import { member, moderator, proposalHarness, scrapsKinshipAllowance } from './helpers/proposal-harness.ts';

const otherServerAdmin: CommandUser = { id: '3', name: 'Mallory', rights: { manageServer: true, editor: false } };

describe('autocomplete of a command someone may not run', () => {
  it('answers nothing to a member without rights, nor to another server’s admin, for the proposal ids', async () => {
    const h = await proposalHarness();
    await h.propose([scrapsKinshipAllowance()]);
    const offer = (name: string, user: CommandUser) =>
      runAutocomplete(findCommand(name)!, h.ctx, {
        options: {},
        user,
        guildId: 'g',
        focused: { name: 'id', value: '' },
      });
    for (const name of ['approve', 'reject']) {
      expect((await h.text(name, undefined, { id: '00000000' }, member)).toLowerCase()).toContain('editors');
      expect(await offer(name, member)).toEqual([]);
      expect(await offer(name, otherServerAdmin)).toEqual([]);
      expect((await offer(name, moderator)).map((c) => c.name)).toEqual([
        expect.stringMatching(/^[0-9a-f]{8}: kinship-allowance, response → not taken forward$/),
      ]);
    }
  });

  it('answers a subcommand’s own right: recommendation keys for /recommendation show, not for update', async () => {
    const h = await proposalHarness();
    const keys = (subcommand: string, user: CommandUser) =>
      runAutocomplete(findCommand('recommendation')!, h.ctx, {
        subcommand,
        options: {},
        user,
        focused: { name: 'key', value: 'iro' },
      });
    expect((await keys('show', member))[0]?.value).toBe('iro');
    expect(await keys('update', member)).toEqual([]);
    expect(await keys('update', otherServerAdmin)).toEqual([]);
    expect((await keys('update', moderator))[0]?.value).toBe('iro');
  });
});
