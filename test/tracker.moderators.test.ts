import { readFileSync, writeFileSync } from 'node:fs';
import { memoryCollection } from './helpers/memory-store.ts';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { recommendation } from '../commands/recommendation.ts';
import { openApp, type App } from '../src/app.ts';
import { classifyItem } from '../src/classify/classify-item.ts';
import { runCommand } from '../src/command-kit/run-command.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { normaliseEntry } from '../src/sources/normalise.ts';
import type { Item } from '../src/sources/item.ts';
import { exportEditsYaml, mergeIntoDataFile } from '../src/tracker/export-edits.ts';
import { loadRecommendationsData, RECOMMENDATIONS_FILE } from '../src/tracker/recommendations-schema.ts';
import { Tracker } from '../src/tracker/tracker.ts';
import { readRecords } from '../src/tracker/tracker-records.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { member, moderator, trackerHarness } from './helpers/tracker-context.ts';

const dir = tempDir();
const apps: App[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  dir.remove();
});

async function processOn(url: string): Promise<App> {
  const app = await openApp({
    config: { ...loadConfig({}, { dotenv: false }), STORE_URL: url },
    logger: silentLogger,
    now: () => new Date('2026-11-23T12:00:00Z'),
  });
  apps.push(app);
  return app;
}

const addition = {
  key: 'secure-care-reform',
  title: 'Secure care run by regional care co-operatives',
  theme: 'care-market',
  proposed:
    "Regional care co-operatives should run or commission secure children's homes, replacing secure training centres.",
  source_url: 'https://www.communitycare.co.uk/2022/05/23/secure-care/',
  aliases: "secure welfare placements, secure children's home places",
};

describe('/recommendation add', () => {
  it('is for editors only, and refuses what it cannot show safely or tell apart', async () => {
    const { reply, tracker } = await trackerHarness();
    expect((await reply('add', addition, member)).content).toMatch(
      /^Only the bot's editors can use \/recommendation add/,
    );
    const refused = async (options: Record<string, string>) =>
      (await reply('add', { ...addition, ...options }, moderator)).content;
    expect(await refused({ source_url: 'https://www.gov.uk/x)[Official notice](https://evil.example' })).toMatch(
      /plain http\(s\) address/,
    );
    expect(await refused({ source_url: 'javascript:alert(1)' })).toBe('The source must be an http(s) URL.');
    expect(await refused({ key: 'Secure Care!' })).toMatch(/kebab-case/);
    expect(await refused({ key: 'iro' })).toContain('There is already a recommendation "iro"');
    expect(await refused({ aliases: 'pay scale' })).toContain('"pay scale" already names national-pay-scale');
    expect(await refused({ aliases: 'IROs' })).toContain('"IROs" already names iro');
    expect(await refused({ theme: 'not-a-theme' })).toContain('No theme "not-a-theme"');
    expect(await refused({ title: 'x' })).toContain('Give a title');
    expect(await refused({ proposed: 'y'.repeat(1001) })).toContain('too long');
    expect(tracker.coverage().tracked).toBe(55);
  });

  it('adds a recommendation that is shown, found and listed like the rest, marked as added by a moderator', async () => {
    const { reply, text, tracker, ctx } = await trackerHarness();
    const added = await reply('add', addition, moderator);
    expect(added.embeds![0]!.title).toBe('Added: Secure care run by regional care co-operatives');
    expect(tracker.coverage()).toEqual({ tracked: 56, added: 1, reviewTotal: '80+' });

    const choices = await recommendation.autocomplete!(ctx, {
      subcommand: 'show',
      options: {},
      user: member,
      focused: { name: 'key', value: 'secure welfare' },
    });
    expect(choices[0]).toEqual({
      name: 'secure-care-reform: Secure care run by regional care co-operatives',
      value: 'secure-care-reform',
    });
    const shown = await text('show', { key: 'secure-care-reform' });
    expect(shown).toContain('✎ Added by a moderator, Alice, on 23 Nov 2026');
    expect(shown).toContain(
      'Government response: No government decision recorded yet (added by Alice on 23 Nov 2026; not yet checked against our sources)',
    );
    expect(await text('list', { theme: 'care-market' })).toMatch(
      /⚪ secure-care-reform: No government decision recorded yet .* ✎/,
    );
    expect(await text('history', { key: 'secure-care-reform' })).toContain('Alice: response → No decision found');
  });

  it('is tagged by the classifier, here and in another process once it refreshes', async () => {
    const url = `memory:tracker-moderators-${Math.random()}`;
    const [one, two] = [await processOn(url), await processOn(url)];
    const story = (title: string) =>
      normaliseEntry(
        { title, link: 'https://www.communitycare.co.uk/2026/11/20/story/', published: '2026-11-20T09:00:00Z' },
        { sourceId: 'community-care', baseUrl: 'https://www.communitycare.co.uk/', now: new Date() },
      ) as Item;
    const headline = 'Councils struggle to find secure welfare placements for children';
    const tagged = (app: App) =>
      classifyItem(app.classifier, story(headline)).classification?.recommendations.map((t) => t.key) ?? [];
    expect(tagged(one)).not.toContain('secure-care-reform');

    await runCommand(recommendation, one.context, { subcommand: 'add', options: addition, user: moderator });
    expect(tagged(one)).toContain('secure-care-reform');
    expect(tagged(two)).not.toContain('secure-care-reform');
    await two.tracker.refresh();
    expect(tagged(two)).toContain('secure-care-reform');
    expect(two.context.finder.exact('secure welfare placements')?.key).toBe('secure-care-reform');
  });

  it('keeps the first of two additions of one key made at once; every process shows it, the other moderator is told', async () => {
    const url = `sqlite://${dir.file('additions.sqlite')}`;
    const [one, two] = [await processOn(url), await processOn(url)];
    const replies = await Promise.all([
      runCommand(recommendation, one.context, { subcommand: 'add', options: addition, user: moderator }),
      runCommand(recommendation, two.context, {
        subcommand: 'add',
        options: { ...addition, title: 'Secure care, added by Bob' },
        user: { ...moderator, id: '2', name: 'Bob' },
      }),
    ]);
    // One record is kept; every process shows it, and the other moderator was told why.
    expect((await readRecords(one.store.collection<unknown>('tracker'))).additions).toHaveLength(1);
    await Promise.all([one.tracker.refresh(), two.tracker.refresh()]);
    const standing = one.tracker.get('secure-care-reform')!.title;
    expect(two.tracker.get('secure-care-reform')!.title).toBe(standing);
    expect(one.tracker.pending().additions).toHaveLength(1);
    replies.forEach((reply, i) => {
      const title = i === 0 ? addition.title : 'Secure care, added by Bob';
      if (title === standing) expect(reply.embeds?.[0]?.title).toBe(`Added: ${title}`);
      else
        expect(reply.content).toMatch(
          /^(Alice|Bob) added "secure-care-reform" a moment ago; theirs stands|^There is already a recommendation "secure-care-reform"/,
        );
    });
  });
});

describe('care-review-bot export-edits', () => {
  it('exports updates and additions with source, author and date; merged, they give the same answers and are not shown twice', async () => {
    const kv = await memoryCollection<unknown>();
    const before = await trackerHarness({ kv });
    await before.reply('add', addition, moderator);
    await before.reply(
      'update',
      {
        key: 'iro',
        axis: 'progress',
        value: 'planned',
        summary: 'DfE publishes a plan for IROs.',
        source_url: 'https://www.gov.uk/iro-plan',
        source_title: 'IRO plan (GOV.UK)',
      },
      moderator,
    );
    await before.reply(
      'update',
      {
        key: 'secure-care-reform',
        axis: 'response',
        value: 'accepted',
        summary: 'The minister accepts it.',
        source_url: 'https://www.gov.uk/secure',
      },
      { ...moderator, id: '2', name: 'Bob' },
    );
    const questions: Array<[string, Record<string, string>]> = [
      ['show', { key: 'iro' }],
      ['show', { key: 'secure-care-reform' }],
      ['history', { key: 'iro' }],
      ['history', { key: 'secure-care-reform' }],
      ['list', {}],
      ['stale', {}],
    ];
    const answers = async (h: typeof before) => Promise.all(questions.map(([sub, options]) => h.text(sub, options)));
    const answersBefore = await answers(before);

    const exported = parse(exportEditsYaml(before.tracker.pending(), new Date('2026-11-23T12:00:00Z'))) as {
      updates: Array<{ key: string; entry: { source: { url: string }; recorded: { by: string; at: string } } }>;
      additions: Array<{
        key: string;
        added: { by: string; at: string };
        timeline: Array<{ recorded: { by: string } }>;
      }>;
    };
    expect(exported.updates).toEqual([
      {
        key: 'iro',
        entry: expect.objectContaining({
          date: '2026-11-23',
          source: { title: 'IRO plan (GOV.UK)', url: 'https://www.gov.uk/iro-plan' },
          recorded: expect.objectContaining({ by: 'Alice', at: '2026-11-23T12:00:00.000Z' }),
        }),
      },
    ]);
    expect(exported.additions.map((a) => a.key)).toEqual(['secure-care-reform']);
    expect(exported.additions[0]!.added.by).toBe('Alice');
    expect(exported.additions[0]!.timeline.map((e) => e.recorded.by)).toEqual(['Alice', 'Bob']);

    const original = readFileSync(RECOMMENDATIONS_FILE, 'utf8');
    const merged = mergeIntoDataFile(original, before.tracker.pending());
    const originalLines = original.trimEnd().split('\n');
    const mergedLines = merged.trimEnd().split('\n');
    // Lines are only added: the original file is still there, line for line, in order.
    let next = 0;
    for (const line of mergedLines) if (line === originalLines[next]) next++;
    expect(next).toBe(originalLines.length);
    expect(mergedLines.length).toBeGreaterThan(originalLines.length + 30);
    const file = dir.file('recommendations.yaml');
    writeFileSync(file, merged);

    const after = await trackerHarness({ tracker: await Tracker.open(loadRecommendationsData(file), kv) });
    expect(after.tracker.pending()).toEqual({ edits: [], additions: [] });
    expect(after.tracker.history('iro')).toHaveLength(1);
    expect(await answers(after)).toEqual(answersBefore);
    expect(exportEditsYaml(after.tracker.pending(), new Date())).toMatch(/^# Nothing to export/);
  });

  it('runs from the command line', async () => {
    const env = { STORE_URL: `sqlite://${dir.file('cli.sqlite')}` };
    const added = await runCli(
      [
        'recommendation',
        'add',
        'key:cli-added-rec',
        'title:A recommendation added at the terminal',
        'theme:workforce',
        'proposed:Something the review proposed for the workforce.',
        'source_url:https://www.gov.uk/cli',
      ],
      env,
    );
    expect(added.stdout).toContain('Added: A recommendation added at the terminal');
    const printed = await runCli(['export-edits'], env);
    expect(printed.code).toBe(0);
    const doc = parse(printed.stdout) as { additions: Array<{ key: string; added: { by: string } }> };
    expect(doc.additions.map((a) => [a.key, a.added.by])).toEqual([['cli-added-rec', 'cli']]);
  });
});
