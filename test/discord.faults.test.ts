import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotOnFake, type BotOnFake } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord } from './helpers/fake-discord.ts';

const fake = new FakeDiscord();
let bot: BotOnFake;

beforeAll(async () => {
  await fake.start();
  bot = await startBotOnFake(fake, [
    {
      title: 'Independent reviewing officers: do they have a future?',
      link: 'https://www.communitycare.co.uk/2026/11/01/iro-future/',
      published: '2026-11-01T09:00:00Z',
    },
  ]);
});
afterAll(() => bot?.stop());

describe('Discord faults', () => {
  it('resumes after the gateway connection drops, and goes on answering', async () => {
    fake.disconnectGateway();
    await fake.waitFor(() => (fake.resumes > 0 ? true : undefined), 15_000);
    const answer = await fake.answerTo(fake.chatInput('recommendation', 'show', { key: 'iro' }));
    expect(JSON.stringify(answer.body)).toContain('reviewing officer');
  });
});
