import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendation } from '../commands/recommendation.ts';
import { openApp, type App } from '../src/app.ts';
import { runCommand } from '../src/command-kit/run-command.ts';
import type { CommandUser } from '../src/command-kit/types.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import type { Reply } from '../src/render/reply.ts';
import { redisAvailable, startRedis } from './helpers/redis-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const alice: CommandUser = { id: '190000000000000001', name: 'Alice', rights: { manageServer: true, editor: true } };
const bob: CommandUser = { id: '190000000000000002', name: 'Bob', rights: { manageServer: true, editor: true } };
const dir = tempDir();
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
const opened: App[] = [];
if (!redisAvailable()) console.warn('redis-server is not installed: the Redis tracker tests are skipped');

beforeAll(async () => {
  if (redisAvailable()) redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(opened.map((app) => app.close()));
  await redis?.stop();
  dir.remove();
});

/** A process of the bot on the store at `url`: its own connection, its own memory. */
async function processOn(url: string): Promise<App> {
  const app = await openApp({ config: { ...loadConfig({}, { dotenv: false }), STORE_URL: url }, logger: silentLogger });
  opened.push(app);
  return app;
}

function update(user: CommandUser, summary: string, sourceUrl = 'https://www.gov.uk/government/news/iro-plan') {
  return {
    subcommand: 'update',
    options: { key: 'iro', axis: 'progress', value: 'planned', summary, source_url: sourceUrl },
    user,
  };
}

/** Every masked link `[label](url)` that Discord would render in a reply's markdown. */
function renderedLinks(reply: Reply): string[] {
  const texts = [
    reply.content ?? '',
    ...(reply.embeds ?? []).flatMap((e) => [
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
  return texts.flatMap((text) =>
    [...text.matchAll(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\((?<url>[^)\s]+)\)/g)].map((m) => m.groups!.url!),
  );
}

const backends: Array<[string, () => string]> = [
  ['memory', () => `memory:tracker-store-${Math.random()}`],
  ['sqlite', () => `sqlite://${dir.file(`tracker-${Math.random()}.sqlite`)}`],
  ['redis', () => redis!.url],
];

describe.each(backends)('moderators on one %s store', (name, url) => {
  it.skipIf(name === 'redis' && !redisAvailable())(
    'keeps both of two different updates recorded at the same moment by two processes, and one of two identical ones',
    async () => {
      const where = url();
      const [one, two] = [await processOn(where), await processOn(where)];
      const before = one.tracker.history('iro').length;
      const replies = await Promise.all([
        runCommand(recommendation, one.context, update(alice, `Alice records the IRO plan ${name}.`)),
        runCommand(
          recommendation,
          two.context,
          update(bob, `Bob records the IRO plan ${name}.`, 'https://www.gov.uk/government/news/iro-plan-update'),
        ),
      ]);
      for (const reply of replies) expect(reply.embeds?.[0]?.title).toMatch(/^Recorded/);
      const again = await Promise.all([
        runCommand(recommendation, one.context, update(alice, `Alice records the IRO plan ${name} again.`)),
        runCommand(recommendation, two.context, update(bob, `Bob records the IRO plan ${name} again.`)),
      ]);
      for (const reply of again) expect(reply.content).toMatch(/already recorded this|was just recorded/);

      // A third process started afterwards sees both, and so does each writer once it refreshes.
      const third = await processOn(where);
      const names = (app: App) =>
        app.tracker
          .history('iro')
          .map((e) => e.by.name)
          .slice(0, 2)
          .sort();
      expect(third.tracker.history('iro')).toHaveLength(before + 2);
      expect(names(third)).toEqual(['Alice', 'Bob']);
      expect(one.tracker.history('iro').map((e) => e.by.name)).toContain('Alice');
      await one.tracker.refresh();
      expect(names(one)).toEqual(['Alice', 'Bob']);
    },
  );
});

describe("moderators' sources and stored text cannot inject links", () => {
  it('refuses a source_url that smuggles a masked link, and records nothing', async () => {
    const app = await processOn(`memory:tracker-inject-${Math.random()}`);
    const reply = await runCommand(
      recommendation,
      app.context,
      update(alice, 'DfE publishes its plan.', 'https://www.gov.uk/x)[Official notice](https://evil.example'),
    );
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/source/i);
    expect(app.tracker.history('iro')).toEqual([]);
  });

  it("escapes a stored update's summary, source title and author wherever it is shown", async () => {
    const where = `memory:tracker-hostile-${Math.random()}`;
    const writer = await processOn(where);
    // As an older version of the bot stored it: one list per recommendation, written before validation.
    await writer.store.collection<unknown>('tracker').set('iro', [
      {
        date: '2026-11-20',
        axis: 'progress',
        value: 'planned',
        summary: 'Council fined](https://evil.example/login) [see guidance',
        source: {
          title: 'Official notice](https://evil.example/a) [x',
          url: 'https://www.gov.uk/x)[Official notice](https://evil.example',
        },
        by: { id: '1', name: '[Support](https://evil.example/b)' },
        at: '2026-11-20T10:00:00.000Z',
      },
    ]);
    const reader = await processOn(where);
    for (const subcommand of ['show', 'history']) {
      const reply = await runCommand(recommendation, reader.context, {
        subcommand,
        options: { key: 'iro' },
        user: alice,
      });
      expect(JSON.stringify(reply)).toContain('Council fined');
      expect(
        renderedLinks(reply).filter((href) => new URL(href).hostname.endsWith('evil.example')),
        subcommand,
      ).toEqual([]);
    }
  });
});
