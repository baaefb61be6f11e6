import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotOnFake, type BotOnFake } from './helpers/bot-on-fake-discord.ts';
import { FakeDiscord, messageProblems } from './helpers/fake-discord.ts';

const fake = new FakeDiscord();
let bot: BotOnFake;
const MANAGE_GUILD = '32';

beforeAll(async () => {
  await fake.start();
  bot = await startBotOnFake(fake, [
    {
      title: 'Remove IROs from councils, urge half of Community Care readers',
      link: 'https://www.communitycare.co.uk/2022/07/01/remove-iros/',
      published: '2022-07-01T09:00:00Z',
    },
    {
      title: 'Independent reviewing officers – do they have a future?',
      link: 'https://basw.co.uk/about-social-work/psw-magazine/articles/independent-reviewing-officers-do-they-have-future',
      published: '2022-06-01T09:00:00Z',
    },
  ]);
});

afterAll(async () => {
  await bot?.stop();
});

describe('the bot against a local Discord', () => {
  it('registers its commands in the guild with one bulk PUT', () => {
    const put = fake.calls.find(
      (c) => c.method === 'PUT' && c.path === `/applications/${fake.appId}/guilds/${fake.guildId}/commands`,
    )!;
    expect(put.status).toBe(200);
    expect(put.authorization).toMatch(/^Bot /);
    expect(put.body.map((c: { name: string }) => c.name)).toEqual([
      'recommendation',
      'items',
      'digest',
      'explain',
      'watch',
      'unwatch',
      'watches',
      'feeds',
      'config',
      'proposals',
      'approve',
      'reject',
      'status',
      'help',
    ]);
    const adminOnly = put.body
      .filter((c: { default_member_permissions?: string }) => c.default_member_permissions === MANAGE_GUILD)
      .map((c: { name: string }) => c.name);
    expect(adminOnly).toEqual([
      'explain',
      'watch',
      'unwatch',
      'feeds',
      'config',
      'proposals',
      'approve',
      'reject',
      'status',
    ]);
    const rec = put.body[0];
    expect(rec.options.map((o: { name: string }) => o.name)).toEqual([
      'show',
      'list',
      'stale',
      'update',
      'add',
      'history',
    ]);
    expect(rec.options[0].options[0]).toMatchObject({ name: 'key', required: true, autocomplete: true });
  });

  it('answers /recommendation key:iro with the response, progress, dated sources and tagged news', async () => {
    const id = fake.chatInput('recommendation', 'show', { key: 'iro' });
    const answer = await fake.answerTo(id);
    expect(answer.body.type).toBe(4);
    const embed = answer.body.data.embeds[0];
    expect(embed.title).toBe('Abolish independent reviewing officers (IROs)');
    expect(embed.description).toContain('**Government response:** Rejected (since 2 Feb 2023)');
    expect(embed.description).toContain('**Progress:** none recorded');
    const fields = embed.fields as Array<{ name: string; value: string }>;
    expect(fields[0]!.name).toBe('2 Feb 2023 · Response: Rejected');
    expect(fields[0]!.value).toContain(
      'https://www.communitycare.co.uk/2023/02/02/independent-reviewing-officer-role-saved/',
    );
    expect(fields.find((f) => f.name === 'Sector responses')!.value).toContain('NAIRO');
    expect(fields.find((f) => f.name === 'Latest news tagged iro')!.value).toContain('Remove IROs from councils');
    expect(answer.body.data.flags ?? 0).toBe(0);
  });

  it('autocompletes iro and pay', async () => {
    const iro = await fake.answerTo(fake.autocomplete('recommendation', 'show', 'key', 'iro'));
    expect(iro.body.type).toBe(8);
    expect(iro.body.data.choices[0]).toEqual({
      name: 'iro: Abolish independent reviewing officers (IROs)',
      value: 'iro',
    });
    const pay = await fake.answerTo(fake.autocomplete('recommendation', 'show', 'key', 'pay'));
    expect(pay.body.data.choices[0].value).toBe('national-pay-scale');
    const everything = await fake.answerTo(fake.autocomplete('recommendation', 'show', 'key', ''));
    expect(everything.body.data.choices).toHaveLength(25);
  });

  it('answers an unknown key privately, with the closest matches', async () => {
    const answer = await fake.answerTo(
      fake.chatInput('recommendation', 'show', { key: 'reviewing officers abolished' }),
    );
    expect(answer.body.data.flags).toBe(64);
    expect(answer.body.data.content).toMatch(/^No recommendation "reviewing officers abolished"\. Did you mean: iro/);
  });

  it('refuses /recommendation update without Manage Server and records it with', async () => {
    const update = {
      key: 'iro',
      axis: 'progress',
      value: 'planned',
      summary: 'DfE publishes a plan to strengthen the IRO role.',
      source_url: 'https://www.gov.uk/example-iro-plan',
    };
    const refused = await fake.answerTo(fake.chatInput('recommendation', 'update', update));
    expect(refused.body.data.flags).toBe(64);
    expect(refused.body.data.content).toContain('Manage Server');

    const badUrl = await fake.answerTo(
      fake.chatInput(
        'recommendation',
        'update',
        { ...update, source_url: 'javascript:alert(1)' },
        { permissions: MANAGE_GUILD },
      ),
    );
    expect(badUrl.body.data.flags).toBe(64);
    expect(badUrl.body.data.content).toBe('The source must be an http(s) URL.');

    const wrongAxis = await fake.answerTo(
      fake.chatInput('recommendation', 'update', { ...update, value: 'rejected' }, { permissions: MANAGE_GUILD }),
    );
    expect(wrongAxis.body.data.content).toMatch(/^"rejected" is not a progress value/);

    const accepted = await fake.answerTo(
      fake.chatInput('recommendation', 'update', update, { permissions: MANAGE_GUILD }),
    );
    expect(accepted.body.data.flags ?? 0).toBe(0);
    expect(accepted.body.data.embeds[0].description).toContain('**Progress on what was done instead:** Planned');

    const shown = await fake.answerTo(fake.chatInput('recommendation', 'show', { key: 'iro' }));
    expect(shown.body.data.embeds[0].fields[0].name).toMatch(/· Progress: Planned \(update by Alice\)$/);
    const history = await fake.answerTo(fake.chatInput('recommendation', 'history', { key: 'iro' }));
    expect(history.body.data.embeds[0].description).toContain(
      'Alice: progress → Planned. DfE publishes a plan to strengthen the IRO role.',
    );
  });

  it('answers /explain privately, for moderators only, within the limits', async () => {
    const options = {
      title: 'Hospital doctors to strike over pay [click](https://evil.example) @everyone',
      summary: 'The BMA rejected the pay offer',
    };
    const refused = await fake.answerTo(fake.chatInput('explain', undefined, options));
    expect(refused.body.data.flags).toBe(64);
    expect(refused.body.data.content).toContain('Manage Server');

    const answer = await fake.answerTo(fake.chatInput('explain', undefined, options, { permissions: MANAGE_GUILD }));
    expect(answer.body.data.flags).toBe(64);
    const embed = answer.body.data.embeds[0];
    expect(embed.title).toBe('Not filed under the review');
    expect(embed.description).toMatch(/another service: health/);
    expect(embed.description).toContain('click');
    expect(embed.description).not.toContain('[click](');
    const themes = embed.fields.find((f: { name: string }) => f.name.startsWith('Themes')).value;
    expect(themes).toMatch(/workforce [\d.]+ of 2\.00 needed, not kept: the context gate kept the story out/);
    expect(embed.fields.find((f: { name: string }) => f.name === 'Phrases matched').value).toMatch(
      /'strike' in the title: workforce \+2 \(shared\)/,
    );
  });

  it('retries a reply that Discord rate-limits', async () => {
    fake.rateLimitNext(/\/callback$/, 1, 0.2);
    const id = fake.chatInput('help', undefined, {});
    const answer = await fake.answerTo(id);
    expect(answer.status).toBe(204);
    expect(fake.responsesTo(id).map((c) => c.status)).toEqual([429, 204]);
  });

  it('lists every recommendation within the limits', async () => {
    const answer = await fake.answerTo(fake.chatInput('recommendation', 'list', {}));
    const embed = answer.body.data.embeds[0];
    expect(embed.title).toBe('Care review recommendations');
    expect(embed.fields[0].name).toBe('By government response');
    const kinship = await fake.answerTo(fake.chatInput('recommendation', 'list', { theme: 'kinship-care' }));
    const lines = kinship.body.data.embeds[0].fields.slice(2).flatMap((f: { value: string }) => f.value.split('\n'));
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((l: string) => /^\S+ \*\*(kinship|family-)/.test(l))).toBe(true);
  });

  it('kept every message within Discord limits, with mentions disabled', () => {
    const messages = fake.calls.filter(
      (c) => (c.path.endsWith('/callback') && c.body?.type === 4) || c.path.startsWith('/webhooks/'),
    );
    expect(messages.length).toBeGreaterThan(8);
    for (const call of messages) {
      const data = call.path.endsWith('/callback') ? call.body.data : call.body;
      expect(messageProblems(data), call.path).toEqual([]);
      expect(data.allowed_mentions).toEqual({ parse: [] });
    }
    expect(fake.calls.filter((c) => c.status === 400)).toEqual([]);
  });
});
