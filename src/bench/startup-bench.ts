import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClassifier } from '../classify/classifier.ts';
import { silentLogger } from '../logger.ts';
import { ItemStore } from '../store/item-store.ts';
import { openStore } from '../store/open-store.ts';
import { loadRecommendations } from '../tracker/recommendations-schema.ts';
import { benchItems } from './bench-items.ts';
import type { IdleFigures } from './idle-figures.ts';

export interface StartupFigures {
  store: string;
  items: number;
  startupMs: number;
  cpuMs: number;
  idleRssMb: number;
}

/** What `npm start` may take: resident memory once idle over 10,000 items, and time to ready. */
export const STARTUP_TARGETS = { idleRssMb: 110, startupMs: 1_000 };

/** Whether this is the build in dist/ (then the children are too) or the sources under tsx. */
const compiled = import.meta.url.endsWith('.js');

function childScript(name: string): string {
  return fileURLToPath(new URL(`./${name}.${compiled ? 'js' : 'ts'}`, import.meta.url));
}

function runChild(name: string, env: Record<string, string> = {}): Promise<IdleFigures> {
  return new Promise((resolve, reject) => {
    // As `npm start` runs the bot: the build, with the same flag.
    const loader = compiled ? [] : ['--import', 'tsx'];
    const proc = spawn(process.execPath, ['--expose-gc', '--optimize-for-size', ...loader, childScript(name)], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as IdleFigures)
        : reject(new Error(`start-up bench child exited ${code}`)),
    );
  });
}

/** A throwaway redis-server on loopback, when one is installed. */
export async function localRedis(): Promise<{ url: string; stop(): void } | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((resolve) =>
    proc.stdout.on('data', (c: Buffer) => c.toString().includes('Ready to accept') && resolve()),
  );
  return { url: `redis://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
}

/**
 * Start-up time and idle memory of a whole bot process over a store holding `count` items, on
 * SQLite and, when redis-server is installed, on Redis.
 */
export async function runStartupBench(
  count = 10_000,
  log: (line: string) => void = console.log,
): Promise<StartupFigures[]> {
  const recommendations = loadRecommendations();
  const items = benchItems(count, loadClassifier(recommendations), recommendations, 'startup');
  const dir = mkdtempSync(join(tmpdir(), 'care-review-bot-startup-'));
  const redis = await localRedis();
  const stores: Array<[string, string]> = [
    ['sqlite', `sqlite://${join(dir, 'startup.sqlite')}`],
    ...(redis ? [['redis', redis.url] as [string, string]] : []),
  ];
  const figures: StartupFigures[] = [];
  if (!compiled) log('start-up: measuring the sources under tsx, not the build (run `npm run build` first)');
  const floor = await runChild('floor-child');
  log(
    `start-up floor:       Node with every library imported: ${floor.startupMs} ms (${floor.cpuMs} ms CPU), ${floor.rssMb} MB resident`,
  );
  figures.push({ store: 'floor', items: 0, startupMs: floor.startupMs, cpuMs: floor.cpuMs, idleRssMb: floor.rssMb });
  try {
    for (const [name, url] of stores) {
      const connection = await openStore(url, silentLogger);
      const store = await ItemStore.open(connection);
      for (let i = 0; i < items.length; i += 1_000) await store.addNew(items.slice(i, i + 1_000));
      await connection.close();
      const result = await runChild('startup-child', { BENCH_STORE_URL: url });
      figures.push({
        store: name,
        items: result.items,
        startupMs: result.startupMs,
        cpuMs: result.cpuMs,
        idleRssMb: result.rssMb,
      });
      const { idleRssMb, startupMs } = STARTUP_TARGETS;
      log(
        `start-up (${name}):    ${result.items} items stored, ready in ${result.startupMs} ms (target ≤ ${startupMs}; ${result.cpuMs} ms CPU), ` +
          `${result.rssMb} MB resident when idle (target ≤ ${idleRssMb})`,
      );
    }
    if (!redis) log('start-up (redis):     skipped (redis-server is not installed)');
  } finally {
    redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
