import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES } from '../src/classify/themes.ts';
import { loadTaxonomy } from '../src/classify/taxonomy-schema.ts';
import { startBotOnFake, type BotOnFake } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord } from './helpers/fake-discord.ts';

const fake = new FakeDiscord();
let bot: BotOnFake;
const MANAGE_GUILD = '32';
/** The themes as the data file spells them. */
const themeKeys = Object.keys(loadTaxonomy().themes);

beforeAll(async () => {
  await fake.start();
  bot = await startBotOnFake(fake, []);
});
afterAll(async () => {
  await bot?.stop();
});

async function watch(options: Record<string, string>, permissions = MANAGE_GUILD) {
  const answer = await fake.answerTo(fake.chatInput('watch', undefined, options, { permissions }));
  return answer.body.data as { content: string; flags?: number };
}

describe('/watch theme: as typed on Discord', () => {
  it('lets a theme be typed rather than picked: Discord sends typed text only to an option without fixed choices', () => {
    const theme = fake
      .commands()
      .find((c) => c.name === 'watch')
      .options.find((o: any) => o.name === 'theme');
    expect(theme.choices).toBeUndefined();
    expect(theme.autocomplete).toBe(true);
  });

  it('suggests themes by key and name as they are typed', async () => {
    const answer = await fake.answerTo(
      fake.autocomplete('watch', undefined, 'theme', 'KIN', { permissions: MANAGE_GUILD }),
    );
    expect(answer.body.data.choices[0]).toEqual({ name: 'Kinship care (kinship-care)', value: 'kinship-care' });
    const all = await fake.answerTo(fake.autocomplete('watch', undefined, 'theme', '', { permissions: MANAGE_GUILD }));
    expect(all.body.data.choices.map((c: { value: string }) => c.value).sort()).toEqual([...themeKeys].sort());
    const refused = await fake.answerTo(fake.autocomplete('watch', undefined, 'theme', 'kin', { permissions: '0' }));
    expect(refused.body.data.choices).toEqual([]);
  });

  it('matches a theme whatever its case, spacing or hyphens, and confirms it as the data file spells it', async () => {
    for (const typed of ['Kinship', 'KINSHIP care', '  kinship   CARE ', 'Kinship-Care']) {
      await fake.answerTo(
        fake.chatInput('unwatch', undefined, { theme: 'kinship-care' }, { permissions: MANAGE_GUILD }),
      );
      const answer = await watch({ theme: typed });
      expect(answer.flags).toBe(64);
      expect(answer.content, typed).toMatch(/^Watching theme \*\*kinship-care\*\* \(Kinship care\) in <#\d+>/);
    }
    expect(themeKeys).toContain('kinship-care');
    const stored = await bot.app.context.settings.listWatches(fake.guildId);
    expect(stored.filter((w) => w.kind === 'theme').map((w) => w.key)).toEqual(['kinship-care']);
  });

  it('finds every theme by its key or name in any case', async () => {
    for (const key of THEMES) {
      await fake.answerTo(fake.chatInput('unwatch', undefined, { theme: key }, { permissions: MANAGE_GUILD }));
      const answer = await watch({ theme: key.toUpperCase().replace(/-/g, ' ') });
      expect(answer.content, key).toMatch(new RegExp(`^Watching theme \\*\\*${key}\\*\\*`));
    }
  });

  it('offers the few themes words fit, says when none does, and still refuses members without Manage Server', async () => {
    const care = await watch({ theme: 'Care' });
    expect(care.flags).toBe(64);
    expect(care.content).toMatch(/^"Care" fits more than one theme: /);
    const offered = themeKeys.filter((k) => care.content.includes(`${k} (`));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expect(offered.length).toBeLessThanOrEqual(3);
    expect(offered.every((k) => k.includes('care'))).toBe(true);

    const none = await watch({ theme: 'Zzzz' });
    expect(none.content).toMatch(/^No theme "Zzzz"\. (Did you mean: .*\? )?Themes: /);
    for (const key of themeKeys) expect(none.content).toContain(key);

    await fake.answerTo(fake.chatInput('unwatch', undefined, { theme: 'fostering' }, { permissions: MANAGE_GUILD }));
    const refused = await watch({ theme: 'Fostering' }, '0');
    expect(refused.content).toContain('Manage Server');
    const stored = await bot.app.context.settings.listWatches(fake.guildId);
    expect(stored.some((w) => w.key === 'fostering')).toBe(false);
  });
});
