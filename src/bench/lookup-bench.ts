import { recommendation } from '../../commands/recommendation.ts';
import { loadClassifier } from '../classify/classifier.ts';
import { classifyItem } from '../classify/classify-item.ts';
import { allCommands } from '../../commands/index.ts';
import type { CommandContext, CommandUser } from '../command-kit/types.ts';
import { NO_RIGHTS } from '../command-kit/permissions.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../logger.ts';
import type { Item } from '../sources/item.ts';
import { ItemStore } from '../store/item-store.ts';
import { openStore } from '../store/open-store.ts';
import { SettingsStore } from '../store/settings-store.ts';
import { StoredComments } from '../store/stored-comments.ts';
import { RecommendationFinder } from '../tracker/find-recommendation.ts';
import { loadRecommendations } from '../tracker/recommendations-schema.ts';
import { Tracker, type ModeratorEdit } from '../tracker/tracker.ts';
import { percentile, round } from './measure.ts';

export interface LatencyFigures {
  storedItems: number;
  samples: number;
  showP50Ms: number;
  showP99Ms: number;
  autocompleteP50Ms: number;
  autocompleteP99Ms: number;
}

async function timeEach(samples: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** /recommendation handling and autocomplete, in process and excluding Discord, over a store of `storedItems` classified items. */
export async function runLookupBench(
  storedItems = 50_000,
  samples = 2_000,
  log: (line: string) => void = console.log,
  storeUrl = `memory:lookup-bench-${Date.now()}`,
): Promise<LatencyFigures> {
  const recommendations = loadRecommendations();
  const classifier = loadClassifier(recommendations);
  const connection = await openStore(storeUrl, silentLogger);
  const items = await ItemStore.open(connection);
  const base = Date.UTC(2022, 4, 23);
  const batch: Item[] = [];
  for (let n = 0; n < storedItems; n++) {
    const rec = recommendations[n % recommendations.length]!;
    const alias = rec.aliases[n % rec.aliases.length]!;
    batch.push(
      classifyItem(classifier, {
        id: `bench-${n}`,
        sourceId: n % 3 === 0 ? 'psw-basw' : 'community-care',
        url: `https://news.example.org/${n}/`,
        title: `Story ${n}: councils respond on ${alias}`,
        summary: `Directors and social workers discuss ${alias} and what the care review proposed.`,
        categories: [],
        published: new Date(base + n * 600_000).toISOString(),
        publishedKnown: true,
        firstSeen: new Date(base + n * 600_000).toISOString(),
        backfill: false,
      }),
    );
  }
  for (let i = 0; i < batch.length; i += 1_000) await items.addNew(batch.slice(i, i + 1_000));
  const tracker = await Tracker.open(recommendations, connection.collection<ModeratorEdit[]>('tracker'));
  const ctx: CommandContext = {
    config: loadConfig({}, { dotenv: false }),
    logger: silentLogger,
    items,
    settings: new SettingsStore(connection),
    comments: new StoredComments(connection),
    sources: [
      {
        id: 'community-care',
        name: 'Community Care',
        kind: 'rss',
        url: 'https://www.communitycare.co.uk/feed/',
        enabled: true,
      },
      { id: 'psw-basw', name: 'PSW', kind: 'rss', url: 'https://basw.co.uk/feed', enabled: true },
    ],
    tracker,
    finder: new RecommendationFinder(recommendations),
    classifier: () => classifier,
    now: () => new Date(),
    commandList: () => allCommands,
  };
  const user: CommandUser = { id: 'bench', name: 'bench', rights: NO_RIGHTS };
  const keys = recommendations.map((r) => r.key);
  const typed = [
    'iro',
    'pay',
    'kinship',
    'fost',
    'agency',
    'early car',
    'regional',
    'care leav',
    'kinshp',
    'protected',
  ];

  const show = await timeEach(samples, (i) =>
    recommendation.execute(ctx, { subcommand: 'show', options: { key: keys[i % keys.length]! }, user }),
  );
  const complete = await timeEach(samples, (i) =>
    recommendation.autocomplete!(ctx, {
      subcommand: 'show',
      options: {},
      user,
      focused: { name: 'key', value: typed[i % typed.length]! },
    }),
  );
  const figures: LatencyFigures = {
    storedItems: items.size,
    samples,
    showP50Ms: round(percentile(show, 50), 3),
    showP99Ms: round(percentile(show, 99), 3),
    autocompleteP50Ms: round(percentile(complete, 50), 3),
    autocompleteP99Ms: round(percentile(complete, 99), 3),
  };
  const where = connection.kind === 'memory' ? '' : ` on ${connection.kind}`;
  log(
    `/recommendation show${where}: p50 ${figures.showP50Ms} ms, p99 ${figures.showP99Ms} ms (${figures.storedItems} items stored, ${samples} lookups)`,
  );
  log(`autocomplete${where}:         p50 ${figures.autocompleteP50Ms} ms, p99 ${figures.autocompleteP99Ms} ms`);
  await connection.close();
  return figures;
}
