import { afterAll, describe, expect, it } from 'vitest';
import { recommendation } from '../commands/recommendation.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { member, moderator, trackerHarness } from './helpers/tracker-context.ts';

const dir = tempDir();
afterAll(() => dir.remove());

// A theme is typed as for /watch and /digest everywhere one is asked for: by key or name, in any case.
describe('a theme typed by its name', () => {
  it('/recommendation list theme:"Kinship care" lists that theme only', async () => {
    const { text } = await trackerHarness();
    for (const typed of ['Kinship care', 'kinship', 'KINSHIP-CARE']) {
      const listed = await text('list', { theme: typed });
      expect(listed, typed).toContain('kinship-leave');
      expect(listed, typed).not.toContain('iro');
    }
    await expect(text('list', { theme: 'astronomy' })).resolves.toMatch(/No theme "astronomy"|Unknown theme/);
  });

  it('/recommendation list and add suggest themes by name as they are typed', async () => {
    const { ctx } = await trackerHarness();
    for (const subcommand of ['list', 'add']) {
      const choices = await recommendation.autocomplete!(ctx, {
        subcommand,
        options: {},
        user: subcommand === 'add' ? moderator : member,
        focused: { name: 'theme', value: 'kinsh' },
      });
      expect(choices[0], subcommand).toEqual({ name: 'Kinship care (kinship-care)', value: 'kinship-care' });
    }
  });

  it('/recommendation add takes a theme typed by its name and files it under the key', async () => {
    const { reply, tracker } = await trackerHarness();
    await reply(
      'add',
      {
        key: 'kinship-test-rec',
        title: 'A kinship recommendation added by a moderator',
        theme: 'Kinship care',
        proposed: 'Something about kinship carers, in our words.',
        source_url: 'https://example.org/kinship-review',
      },
      moderator,
    );
    expect(tracker.get('kinship-test-rec')?.theme).toBe('kinship-care');
  });

  it('digest --theme at the command line takes the name', async () => {
    const result = await runCli(['digest', '--theme', 'Kinship care', '--format', 'text'], {
      STORE_URL: `sqlite://${dir.file('bot.sqlite')}`,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Kinship care');
  });
});
