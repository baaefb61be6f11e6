// Run as its own process by the start-up bench: opens the bot on a filled store, then reports how
// long that took from process start and the memory it holds once idle.
import { openApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../logger.ts';

const app = await openApp({
  config: loadConfig({ STORE_URL: process.env.BENCH_STORE_URL! }, { dotenv: false }),
  logger: silentLogger,
});
const startupMs = process.uptime() * 1000;
await new Promise((resolve) => setTimeout(resolve, 1_500));
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 500));
const usage = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ startupMs: Math.round(startupMs), rssMb: Math.round(usage.rss / 1048576), heapMb: Math.round(usage.heapUsed / 1048576), heapTotalMb: Math.round(usage.heapTotal / 1048576), externalMb: Math.round(usage.external / 1048576), items: app.items.size })}\n`,
);
await app.close();
process.exit(0);
