import { openApp, type App } from './app.ts';
import { allCommands } from '../commands/index.ts';
import { deliverPending } from './delivery/deliver.ts';
import type { DiscordConnection } from './discord/discord-connection.ts';
import { loadConfig } from './config.ts';
import { digestJobDeps, digestTargets, fallbackDigestChannel } from './jobs/digest-deps.ts';
import { catchUpDigest, digestJobs } from './jobs/digest-job.ts';
import { terminalMessenger } from './terminal/terminal-messenger.ts';
import { installProcessGuard } from './process-guard.ts';
import { StoreError } from './store/store-guard.ts';
import { describeOutcome, type SourceOutcome } from './sources/poll.ts';
import { startSchedule } from './scheduler.ts';
import { scheduleLine } from './terminal/schedule-line.ts';
import { startPrompt } from './terminal/prompt.ts';
import { pollLines } from './terminal/poll-lines.ts';
import { createProgress } from './terminal/progress.ts';
import { createTerminalLogger } from './terminal/terminal-logger.ts';
import { TerminalOutput } from './terminal/terminal-output.ts';

function printOutcomes(terminal: TerminalOutput, outcomes: SourceOutcome[], at: Date): void {
  if (outcomes.length === 0) return;
  terminal.printAbove(pollLines(outcomes, at));
}

/** Every minute: retries of failed posts, and posts enqueued by other processes. */
const DELIVERY_CRON = '* * * * *';
/** The server name commands typed at the prompt use, and so the alerts they set up. */
const TERMINAL = 'terminal';

/** How often a running bot looks for other processes' writes to the store. */
export const WATCH_INTERVAL_MS = 3_000;

/** One scheduled or start-up poll; skipped, with a note, while another process holds the poll lock. */
async function pollIfFree(app: App, progress = false): Promise<SourceOutcome[] | undefined> {
  let bar: ReturnType<typeof createProgress> | undefined;
  const run = await app.poll({
    onStart: () =>
      (bar = progress ? createProgress(app.sources.filter((s) => s.enabled).length, 'Polling') : undefined),
    onSourceDone: (o) => bar?.tick(o.sourceId),
  });
  bar?.stop();
  if (run.ran) return run.value;
  app.logger.info({ holder: run.heldBy.holder }, 'another process is polling; this poll is skipped');
  return undefined;
}

/**
 * The long-running bot. Without DISCORD_TOKEN it runs in terminal mode: the same schedule, with
 * results printed and slash commands typed at a prompt.
 */
export async function runStart(options: { promptless?: boolean } = {}): Promise<void> {
  const config = loadConfig();
  const terminalMode = !config.DISCORD_TOKEN;
  const interactive = Boolean(process.stdin.isTTY);
  // Every line printed at the terminal goes above the prompt; so do log lines when they share its screen.
  const terminal = new TerminalOutput(process.stdout);
  const logsAbovePrompt = terminalMode && interactive && !options.promptless && Boolean(process.stderr.isTTY);
  const app = await openApp({
    config,
    commands: allCommands,
    logger: logsAbovePrompt ? createTerminalLogger(config.LOG_LEVEL, terminal) : undefined,
  });
  const { logger } = app;
  // At the terminal the poll lines are the output; on Discord they go to the log.
  const report = (outcomes: SourceOutcome[] | undefined) => {
    if (!outcomes) return;
    if (terminalMode) printOutcomes(terminal, outcomes, new Date());
    else
      for (const outcome of outcomes)
        logger.info({ source: outcome.sourceId, status: outcome.status }, describeOutcome(outcome));
  };

  let discord: DiscordConnection | undefined;
  const print = (text: string) => terminal.printAbove(text);
  // Posts go to Discord when connected, to the terminal otherwise; either way through the outbox.
  const deliver = async () => {
    const messenger = discord ? discord.messenger : terminalMessenger(print);
    const accepts = (entry: { guildId: string }) => (entry.guildId === TERMINAL) === !discord;
    const report = await deliverPending({
      outbox: app.outbox,
      messenger,
      locks: app.store.locks,
      logger,
      accepts,
    }).catch((error: unknown) => {
      // A store outage is logged once by the store itself; anything else is worth its stack.
      if (error instanceof StoreError) logger.debug({ reason: error.message }, 'delivery waits for the store');
      else logger.error({ err: error }, 'delivery failed');
    });
    if (report && report.failed.length > 0)
      logger.warn({ entries: report.failed }, 'some posts can never be delivered (no access to the channel?)');
  };
  const guildIds = () => (discord ? [...discord.client.guilds.cache.keys()] : []);
  // DIGEST_CHANNEL_ID serves only the server it belongs to, which Discord is asked once connected.
  const fallback = fallbackDigestChannel(
    config.DIGEST_CHANNEL_ID,
    (channelId) => (discord ? discord.guildOf(channelId) : Promise.reject(new Error('not connected to Discord'))),
    guildIds,
    logger,
  );
  app.context.digestFallback = () => (discord ? fallback() : Promise.resolve(undefined));
  const digestDeps = digestJobDeps(app, {
    targets: async () => digestTargets(app, guildIds(), discord ? await fallback() : undefined),
    deliver,
    print: terminalMode ? print : undefined,
  });

  const schedule = startSchedule(
    [
      {
        name: 'poll',
        cron: config.POLL_CRON,
        run: async () => {
          report(await pollIfFree(app));
          await deliver();
        },
      },
      ...digestJobs(digestDeps),
      // Retries posts that failed, and sends what other processes (poll --once) enqueued.
      { name: 'deliver', cron: DELIVERY_CRON, run: deliver },
    ],
    config.TZ,
    logger,
  );

  app.watcher.start(WATCH_INTERVAL_MS);
  // What runs when, said once: printed at the terminal, logged on Discord.
  const describeSchedule = async () =>
    scheduleLine({
      pollCron: config.POLL_CRON,
      digestCron: config.DIGEST_CRON,
      zone: config.TZ,
      watches: (await app.settings.listWatches().catch(() => [])).filter(
        (watch) => (watch.guildId === TERMINAL) === terminalMode,
      ).length,
    });

  let stopping = false;
  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    try {
      await schedule.stop();
      await discord?.stop();
      await app.close();
    } catch (error) {
      logger.error({ err: error }, 'shutdown did not finish cleanly');
      exitCode ||= 1;
    }
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  installProcessGuard(logger, (reason, exitCode) => void shutdown(reason, exitCode));

  if (!terminalMode) {
    try {
      // Loaded here, not at the top: the terminal bot never needs discord.js in memory.
      const { connectDiscord } = await import('./discord/discord-connection.ts');
      discord = await connectDiscord(app);
    } catch (error) {
      logger.fatal({ err: error }, 'could not connect to Discord');
      await schedule.stop();
      await app.close();
      throw error;
    }
    logger.info(await describeSchedule());
    await fallback();
    await deliver();
    report(await pollIfFree(app));
    await deliver();
    await catchUpDigest(digestDeps, new Date()).catch((error: unknown) =>
      logger.error({ err: error }, 'could not catch up the weekly digest'),
    );
    return;
  }
  terminal.printAbove(
    `care-review-bot: ${app.sources.filter((s) => s.enabled).length} sources, ${app.items.size} items stored (${app.store.kind}).\n` +
      (await describeSchedule()),
  );
  report(await pollIfFree(app, true));
  await deliver();
  await catchUpDigest(digestDeps, new Date()).catch((error: unknown) =>
    logger.error({ err: error }, 'could not catch up the weekly digest'),
  );

  if (options.promptless) return;
  const ended = await startPrompt(app.context, app.commands, {
    input: process.stdin,
    output: process.stdout,
    interactive,
    terminal,
  });
  if (ended === 'exit' || interactive) await shutdown(ended === 'exit' ? 'exit typed' : 'terminal closed');
  else logger.info('input ended; the bot keeps running on its schedule (Ctrl-C or SIGTERM stops it)');
}
