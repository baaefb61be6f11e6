import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotOnFake, type BotOnFake } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord, messageProblems } from './helpers/fake-discord.ts';
import { readMarkdown } from './helpers/markdown-links.ts';

const fake = new FakeDiscord();
let bot: BotOnFake;

const EVIL_TITLE = 'Council fined](https://evil.example/login) [see guidance';
const BOLD_EVIDENCE_TITLE = 'Grandparents on special **guardianship orders wait months for support';
const TOPICS = [
  'Kinship carers say council support for special guardianship orders falls short of what the care review promised',
  'Agency social work price caps will not come into force until spring 2025, government confirms after consultation',
  'Independent reviewing officers warn that plans to scrap the role would leave children in care without a voice',
  'Family help pilots expand to more councils as government sets out next stage of its children’s social care reforms',
  'Regional care cooperatives to be tested in two areas as government responds to care review on fostering places',
];

beforeAll(async () => {
  await fake.start();
  const entries = Array.from({ length: 23 }, (_, i) => ({
    title: `${TOPICS[i % TOPICS.length]} (report ${i + 1})`,
    link: `https://www.communitycare.co.uk/2024/05/${String(i + 1).padStart(2, '0')}/${TOPICS[i % TOPICS.length]!.toLowerCase().replace(/[^a-z]+/g, '-')}-${i + 1}/`,
    published: `2024-05-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
  }));
  entries.push({
    title: BOLD_EVIDENCE_TITLE,
    link: 'https://www.communitycare.co.uk/2024/06/01/grandparents-special-guardianship/',
    published: '2024-06-01T09:00:00Z',
  });
  entries.push({
    title: EVIL_TITLE,
    link: 'https://www.communitycare.co.uk/2024/06/02/council-fined/',
    published: '2024-06-02T09:00:00Z',
  });
  bot = await startBotOnFake(fake, entries);
});

afterAll(async () => {
  await bot?.stop();
});

describe('/items on Discord', () => {
  it('shows whole entries only, with every link intact, and says how many of those asked for are shown', async () => {
    const answer = await fake.answerTo(fake.chatInput('items', undefined, { limit: 25 }));
    const data = answer.body.data;
    expect(messageProblems(data)).toEqual([]);
    const embed = data.embeds[0];
    const entries = (embed.description as string).split('\n').filter((line) => line.startsWith('• '));
    const { links, strayBrackets } = readMarkdown(embed.description);
    expect(strayBrackets).toBe(0);
    const stored = new Set(bot.app.items.list({ limit: 25 }).map((item) => item.url));
    expect(links.length).toBe(entries.length);
    expect(links.every((link) => stored.has(link.url))).toBe(true);
    for (const entry of entries) expect(entry).toMatch(/\): Community Care, \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    // Stories this long do not all fit in one embed: the footer must not claim they do.
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.length).toBeLessThan(25);
    expect(embed.footer.text).toMatch(new RegExp(`^Showing ${entries.length} of 25 — use limit or source to narrow`));
  });

  it('says nothing about a cut when every entry fits', async () => {
    const answer = await fake.answerTo(fake.chatInput('items', undefined, { limit: 3 }));
    const embed = answer.body.data.embeds[0];
    expect(readMarkdown(embed.description).links).toHaveLength(3);
    expect(embed.footer.text).not.toMatch(/Showing/);
  });

  it('never turns a feed title into a link of its own, and shows it as it was written', async () => {
    const answer = await fake.answerTo(fake.chatInput('items', undefined, { limit: 5 }));
    const { links, strayBrackets } = readMarkdown(answer.body.data.embeds[0].description);
    expect(strayBrackets).toBe(0);
    expect(links.some((link) => link.url.includes('evil.example'))).toBe(false);
    expect(links[0]).toEqual({ label: EVIL_TITLE, url: 'https://www.communitycare.co.uk/2024/06/02/council-fined/' });
  });

  it('escapes the evidence quoted from a feed in why an item was tagged', async () => {
    const answer = await fake.answerTo(fake.chatInput('items', undefined, { limit: 5 }));
    const lines: string[] = answer.body.data.embeds[0].description.split('\n');
    const why = lines[lines.findIndex((line) => line.includes('Grandparents on special')) + 1]!;
    expect(why).toMatch(/^ {2}↳ tagged kinship-care: /);
    expect(why).toContain('special \\*\\*guardianship');
    expect(why.replace(/\\[\s\S]/g, '')).not.toMatch(/[*_~|`[\]]/);
  });
});
