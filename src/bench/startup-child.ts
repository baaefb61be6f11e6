// Run as its own process by the start-up bench: opens the bot on a filled store, then reports how
// long that took from process start and the memory it holds once idle.
import { openApp } from '../app.ts';
import { allCommands } from '../../commands/index.ts';
import { loadConfig } from '../config.ts';
import { silentLogger } from '../logger.ts';
import { idleFigures } from './idle-figures.ts';

const app = await openApp({
  config: loadConfig({ STORE_URL: process.env.BENCH_STORE_URL! }, { dotenv: false }),
  logger: silentLogger,
  commands: allCommands,
});
process.stdout.write(`${JSON.stringify(await idleFigures(app.items.size))}\n`);
await app.close();
process.exit(0);
