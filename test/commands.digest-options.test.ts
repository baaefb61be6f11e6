import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES } from '../src/classify/themes.ts';
import { startBotOnFake, type BotOnFake } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord } from './helpers/fake-discord.ts';

const fake = new FakeDiscord();
let bot: BotOnFake;

beforeAll(async () => {
  await fake.start();
  bot = await startBotOnFake(fake, []);
});
afterAll(async () => {
  await bot?.stop();
});

/** The README's row for /digest show, and the periods it says `period` takes, in code spans. */
const readmeRow = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  .split('\n')
  .find((line) => line.startsWith('| `/digest show'))!;
const periodSentence = readmeRow.split(/(?<=\.) |; /).find((part) => part.startsWith('`period`'))!;
const readmeForms = [...periodSentence.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((f) => f !== 'period');

const suggested = async (option: string, typed: string) =>
  (await fake.answerTo(fake.autocomplete('digest', 'show', option, typed))).body.data.choices as Array<{
    name: string;
    value: string;
  }>;

describe('/digest show options, as the README documents them', () => {
  it('suggests for period the periods the README names, this week first', async () => {
    const offered = await suggested('period', '');
    expect(offered.map((c) => c.value)).toEqual(['this week', 'last week', 'last 14 days']);
    for (const { value } of offered) expect(readmeForms).toContain(value);
    expect(readmeRow).toContain('`this week` (the default)');
    expect(offered[0]!.name).toMatch(/^this week \(\w{3} \d+/);
  });

  it('takes every period the README names, and offers a typed one back with its dates', async () => {
    expect(readmeForms.length).toBeGreaterThanOrEqual(4);
    for (const form of readmeForms) {
      const answer = await fake.answerTo(fake.chatInput('digest', 'show', { period: form }));
      const data = answer.body.data;
      expect(data.content ?? '', form).not.toMatch(/is not a period/);
      expect(data.embeds?.length ?? 0, form).toBeGreaterThan(0);
      const back = await suggested('period', form);
      expect(back[0]?.value, form).toBe(form);
    }
    const nonsense = await suggested('period', 'fortnight');
    expect(nonsense.map((c) => c.value)).toEqual(['this week', 'last week', 'last 14 days']);
  });

  it('suggests every theme for theme, by name, and takes one typed in any case', async () => {
    const offered = await suggested('theme', '');
    expect(offered.map((c) => c.value).sort()).toEqual([...THEMES].sort());
    expect(offered.find((c) => c.value === 'kinship-care')!.name).toBe('Kinship care (kinship-care)');
    const answer = await fake.answerTo(fake.chatInput('digest', 'show', { theme: 'KINSHIP care' }));
    expect(answer.body.data.content ?? '').not.toMatch(/Unknown theme|No theme/);
    expect(answer.body.data.embeds.length).toBeGreaterThan(0);
  });
});
