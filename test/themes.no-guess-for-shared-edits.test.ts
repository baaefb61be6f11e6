import { describe, expect, it } from 'vitest';
import { moderator, trackerHarness } from './helpers/tracker-context.ts';

// /recommendation add is a shared edit: the theme it files a recommendation under must be one the
// moderator named, never a guess from a word that fits several themes or a single letter.
describe('a theme typed for /recommendation add', () => {
  it('"children" fits Disabled children and Children’s homes alike: refused with both, not filed under one', async () => {
    const { reply, tracker } = await trackerHarness();
    const answer = await reply(
      'add',
      {
        key: 'children-test-rec',
        title: 'A recommendation about children added by a moderator',
        theme: 'children',
        proposed: 'Something about children, in our words.',
        source_url: 'https://example.org/children-review',
      },
      moderator,
    );
    expect(tracker.get('children-test-rec')).toBeUndefined();
    expect(JSON.stringify(answer)).toContain('disabled-children');
  });

  it('a single letter is not taken as a theme', async () => {
    const { reply, tracker } = await trackerHarness();
    await reply(
      'add',
      {
        key: 'letter-test-rec',
        title: 'A recommendation added by a moderator',
        theme: 'a',
        proposed: 'Something, in our words.',
        source_url: 'https://example.org/letter-review',
      },
      moderator,
    );
    expect(tracker.get('letter-test-rec')).toBeUndefined();
  });

  it('a word that fits two themes by name is not guessed anywhere: /recommendation list offers both', async () => {
    const { text } = await trackerHarness();
    const answer = await text('list', { theme: 'children' });
    expect(answer).toContain('disabled-children');
    expect(answer).toContain('care-market');
    expect(answer).not.toContain('kinship-leave');
  });
});
