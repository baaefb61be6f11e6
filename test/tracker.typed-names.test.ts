import { describe, expect, it } from 'vitest';
import { allCommands } from '../commands/index.ts';
import { runTextLine } from '../src/terminal/prompt.ts';
import { trackerHarness } from './helpers/tracker-context.ts';

/** The recommendation keys an answer offers to pick from, in the order it names them. */
const offeredKeys = (text: string, keys: string[]) =>
  [...text.matchAll(/([a-z0-9]+(?:-[a-z0-9]+)*) \(/g)].map((m) => m[1]!).filter((k) => keys.includes(k));

describe('a recommendation named by what someone types', () => {
  it('shows the recommendation for several words typed at the prompt, by name or in order', async () => {
    const { ctx, tracker } = await trackerHarness();
    const iro = tracker.get('iro')!;
    for (const line of [
      '/recommendation key:reviewing officer',
      '/recommendation reviewing officer',
      '/recommendation show key:Reviewing   Officer',
      '/recommendation history key:reviewing officer',
    ]) {
      const text = await runTextLine(line, ctx, allCommands);
      expect(text, line).not.toMatch(/Too many arguments|No recommendation/);
      expect(text, line).toMatch(
        line.includes('history') ? /iro/ : new RegExp(`^${iro.title.replace(/[()]/g, '\\$&')}`),
      );
    }
  });

  it('finds every recommendation by its key, aliases and title, whatever the case, spacing or hyphens', async () => {
    const { reply, tracker } = await trackerHarness();
    const shout = (text: string) => ` ${text.toUpperCase().replace(/-/g, ' ').replace(/ /g, '  ')} `;
    for (const rec of tracker.recommendations) {
      const shared = (alias: string) =>
        tracker.recommendations.some(
          (other) => other !== rec && other.aliases.some((a) => a.toLowerCase() === alias.toLowerCase()),
        );
      const names = [rec.key, rec.title, ...rec.aliases.filter((a) => !shared(a))];
      for (const typed of [...names, ...names.map(shout), rec.key.replace(/-/g, ' ')]) {
        const answer = await reply('show', { key: typed });
        expect(answer.embeds?.[0]?.title, `${rec.key} as "${typed}": ${answer.content}`).toBe(rec.title);
      }
    }
  });

  it('offers two or three recommendations to pick from when the words fit several', async () => {
    const { reply, tracker } = await trackerHarness();
    const keys = tracker.recommendations.map((r) => r.key);
    for (const typed of ['kinship', 'Foster Carers']) {
      const answer = await reply('show', { key: typed });
      expect(answer.ephemeral).toBe(true);
      expect(answer.embeds ?? []).toEqual([]);
      expect(answer.content).not.toMatch(/^No recommendation/);
      expect(answer.content).toMatch(/more than one recommendation/);
      const offered = offeredKeys(answer.content!, keys);
      expect(offered.length, answer.content).toBeGreaterThanOrEqual(2);
      expect(offered.length, answer.content).toBeLessThanOrEqual(3);
      const word = typed.toLowerCase().split(' ')[0]!;
      for (const key of offered) {
        const rec = tracker.get(key)!;
        expect([rec.key, rec.title, ...rec.aliases].join(' ').toLowerCase()).toContain(word);
      }
    }
  });

  it('says when nothing matches, and suggests the closest keys', async () => {
    const { reply, tracker } = await trackerHarness();
    const keys = tracker.recommendations.map((r) => r.key);
    const abolition = await reply('show', { key: 'IRO abolition' });
    expect(abolition.ephemeral).toBe(true);
    expect(abolition.content).toMatch(/^No recommendation "IRO abolition"\. Did you mean: /);
    expect(offeredKeys(abolition.content!, keys)).toContain('iro');
    expect(offeredKeys(abolition.content!, keys).length).toBeLessThanOrEqual(3);
    const nothing = await reply('show', { key: 'zzzz qqqq' });
    expect(nothing.content).toBe('No recommendation "zzzz qqqq". Try /recommendation list.');
  });
});
