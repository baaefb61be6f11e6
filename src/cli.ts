import { Command, InvalidArgumentError } from 'commander';
import { openApp, type App } from './app.ts';
import { parseTextCommand } from './command-kit/parse-text-command.ts';
import { allCommands } from '../commands/index.ts';
import { commandReference } from './command-kit/describe-command.ts';
import { runCommand } from './command-kit/run-command.ts';
import type { CommandModule } from './command-kit/types.ts';
import { operatorUser } from './command-kit/permissions.ts';
import { describeTags } from './classify/classify-item.ts';
import { loadConfig, type Config } from './config.ts';
import { ConfigError, errorMessage, UserFacingError } from './errors.ts';
import { stripControl } from './render/markdown.ts';
import { anySourceRead, describeOutcome } from './sources/poll.ts';
import { attachProposals } from './proposals/proposal-store.ts';
import { runStart } from './start.ts';
import { describeHolder } from './store/locks.ts';
import { StoreError, StoreOpenError } from './store/store-guard.ts';
import { renderText } from './terminal/render-text.ts';
import { createProgress } from './terminal/progress.ts';
import { LastLoggedFailure } from './terminal/last-logged-failure.ts';
import { plural, storyDate } from './util/format.ts';
import { fsErrorCode, namedFile } from './util/named-file.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

/** What the log of the one-shot command this process runs told last (see the end of this file). */
const lastLogged = new LastLoggedFailure();

/** The log of a command that runs once: readable lines for whoever ran it (see createLogger). */
async function oneShotLogger(config: Config) {
  const { createLogger } = await import('./logger.ts');
  return createLogger(config.LOG_LEVEL, undefined, {
    format: config.LOG_FORMAT,
    oneShot: true,
    onShown: (record) => lastLogged.note(record),
  });
}

/** Opens the app for one command and always closes it, whatever happens. */
async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const app = await openApp({ config, logger: await oneShotLogger(config), commands: allCommands });
  attachProposals(app);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

export async function pollOnce(app: App, options: { force?: boolean } = {}): Promise<boolean> {
  const enabled = () => app.sources.filter((s) => s.enabled);
  let progress: ReturnType<typeof createProgress> | undefined;
  const run = await app.poll({
    force: options.force,
    wait: true,
    onWait: (heldBy) =>
      process.stdout.write(
        `Another process is polling (${describeHolder(heldBy.holder)}); waiting for it to finish…\n`,
      ),
    onSourceDone: (o) => progress?.tick(o.sourceId),
    onStart: () => (progress = createProgress(enabled().length, 'Polling')),
  });
  progress?.stop();
  const outcomes = run.ran ? run.value : [];
  for (const outcome of outcomes) process.stdout.write(`${describeOutcome(outcome)}\n`);
  if (enabled().length === 0) process.stdout.write('No enabled sources.\n');
  if (!app.store.guard.reachable) {
    process.stdout.write(`The store (${app.store.label}) could not be reached: nothing was stored.\n`);
    return false;
  }
  return anySourceRead(outcomes);
}

const program = new Command()
  .name('care-review-bot')
  .description(
    "Follows England's Independent Review of Children's Social Care: news, responses and the government's progress.",
  )
  .showHelpAfterError();

program
  .command('start')
  .description('Run the bot: Discord when DISCORD_TOKEN is set, otherwise the terminal prompt')
  .action(async () => {
    await runStart();
  });

program
  .command('poll')
  .description('Poll the sources (on the POLL_CRON schedule, or once with --once)')
  .option('--once', 'poll every enabled source once, print a summary and exit')
  .option('--force', 'also poll sources that are backing off after failures')
  .action(async (options: { once?: boolean; force?: boolean }) => {
    if (!options.once) {
      await runStart({ promptless: true });
      return;
    }
    const ok = await withApp((app) => pollOnce(app, options));
    if (!ok) process.exitCode = 1;
  });

const sources = program.command('sources').description('The news sources');
sources
  .command('check')
  .description(
    'Read each source once, storing nothing: how it was read, its stories and dates, comments, and what looks wrong',
  )
  .argument('[id]', 'only this source (default: every enabled source in SOURCES_FILE)')
  .action(async (id: string | undefined) => {
    const { runSourcesCheck } = await import('./sources/check-sources.ts');
    const config = loadConfig();
    const ok = await runSourcesCheck({
      config,
      logger: await oneShotLogger(config),
      id,
      write: (line) => process.stdout.write(`${line}\n`),
    });
    if (!ok) process.exitCode = 1;
  });

program
  .command('items')
  .description('List the latest stored items')
  .option('--source <id>', 'only items from this source')
  .option('--limit <n>', 'how many', positiveInt, 20)
  .option('--json', 'one JSON array, for scripts')
  .action(async (options: { source?: string; limit: number; json?: boolean }) => {
    await withApp(async (app) => {
      if (options.source && !app.sources.some((s) => s.id === options.source)) {
        throw new UserFacingError(
          `Unknown source "${options.source}". Known sources: ${app.sources.map((s) => s.id).join(', ')}`,
        );
      }
      const items = app.items.list({ sourceId: options.source, limit: options.limit });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        return;
      }
      if (items.length === 0) process.stdout.write('No items stored yet. Run: care-review-bot poll --once\n');
      for (const item of items) {
        const lines = [
          `${storyDate(item)}  [${item.sourceId}]  ${item.title}`,
          `    ${item.url}`,
          ...describeTags(item.classification).map((line) => `    ${line}`),
        ];
        process.stdout.write(`${stripControl(lines.join('\n'))}\n`);
      }
    });
  });

program
  .command('eval')
  .description('Measure the classifier on labelled items (JSON lines with title, summary, themes, recommendations)')
  .argument('[files...]', 'labelled items; default: both development sets')
  .option('--json', 'end with one JSON line of the figures per file')
  .action(async (files: string[], options: { json?: boolean }) => {
    files.forEach(namedFile);
    const { loadClassifier } = await import('./classify/classifier.ts');
    const { formatReport, missedTargets, resolveEvalFiles, runEval, shownPath } =
      await import('./classify/run-eval.ts');
    const classifier = loadClassifier();
    const figures: object[] = [];
    const missed: string[] = [];
    for (const path of resolveEvalFiles(files)) {
      const report = runEval(classifier, path);
      process.stdout.write(`${formatReport(report, path)}\n\n`);
      missed.push(...missedTargets(report).map((m) => `${shownPath(path)}: ${m}`));
      const { mistakes, perSource, items, offTopicItems, recommendationPrecision, recommendationRecall, ...rest } =
        report;
      figures.push({ file: shownPath(path), ...rest });
    }
    process.stdout.write(
      missed.length === 0
        ? 'Every file meets the accuracy targets.\n'
        : `Below target:\n${missed.map((m) => `  ${m}`).join('\n')}\n`,
    );
    if (options.json) for (const f of figures) process.stdout.write(`${JSON.stringify(f)}\n`);
  });

program
  .command('explain')
  .description(
    'Why a story would or would not be filed: every phrase matched, each score against its threshold, the context verdict',
  )
  .argument('<title>', "the story's headline (quote it)")
  .argument('[summary]', 'its standfirst or opening sentences')
  .action(async (title: string, summary: string | undefined) => {
    const { formatExplanation } = await import('./classify/explain-text.ts');
    await withApp(async (app) => {
      process.stdout.write(
        `${stripControl(formatExplanation(app.context.classifier().explain({ title, summary: summary ?? '' })))}\n`,
      );
    });
  });

program
  .command('eval-decisions')
  .description(
    'Measure decision detection on labelled stories (JSON lines with title, summary, url, published, key, axis, value)',
  )
  .argument('[files...]', 'labelled stories; default: the development sets of decision and no-decision stories')
  .option('--json', 'end with one JSON line of the figures')
  .option(
    '--half <n>',
    'only one fixed half of the stories (1 or 2; see the README), to tune on one and check on the other',
    (v) => {
      if (v !== '1' && v !== '2') throw new InvalidArgumentError('must be 1 or 2');
      return Number(v) as 1 | 2;
    },
  )
  .action(async (files: string[], options: { json?: boolean; half?: 1 | 2 }) => {
    files.forEach(namedFile);
    const { DEFAULT_DECISION_FILES, decisionFigures, formatDecisionReport, runDecisionEval } =
      await import('./proposals/run-decision-eval.ts');
    const run = runDecisionEval(files.length > 0 ? files : DEFAULT_DECISION_FILES, { half: options.half });
    process.stdout.write(`${formatDecisionReport(run)}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(decisionFigures(run))}\n`);
  });

program
  .command('reclassify')
  .description('Classify every stored item again (after data/taxonomy.yaml or the aliases change)')
  .action(async () => {
    const { reclassifyAll } = await import('./classify/classify-item.ts');
    await withApp(async (app) => {
      const all = await app.items.stored();
      const progress = createProgress(all.length, 'Reclassifying');
      let last = 0;
      const changed = reclassifyAll(app.classifier, all, (done) => {
        progress.tick('', done - last);
        last = done;
      });
      progress.tick('', all.length - last);
      progress.stop();
      await app.items.update(changed);
      process.stdout.write(`Reclassified ${all.length} items: ${changed.length} changed.\n`);
    });
  });

program
  .command('export-edits')
  .description("Print moderators' updates and additions that data/recommendations.yaml lacks, as YAML to merge into it")
  .option('--into <file>', 'merge them into this data file instead of printing them (checked before it is written)')
  .action(async (options: { into?: string }) => {
    if (options.into) namedFile(options.into);
    const { exportEditsYaml, mergeIntoDataFile } = await import('./tracker/export-edits.ts');
    await withApp(async (app) => {
      const pending = app.tracker.pending();
      if (!options.into) {
        process.stdout.write(exportEditsYaml(pending, new Date()));
        return;
      }
      const { readFileSync, writeFileSync } = await import('node:fs');
      const { settingPath } = await import('./paths.ts');
      const file = settingPath(options.into);
      writeFileSync(file, mergeIntoDataFile(readFileSync(file, 'utf8'), pending, file));
      process.stdout.write(
        `Merged ${plural(pending.edits.length, 'update')} and ${plural(pending.additions.length, 'addition')} into ${file}. Review the change and commit it.\n`,
      );
    });
  });

program
  .command('digest')
  .description('The weekly digest: last week by default, or --since/--until; as text or as the exact Discord payloads')
  .option('--since <date>', 'first day (YYYY-MM-DD), in TZ')
  .option('--until <date>', 'last day (YYYY-MM-DD), in TZ; default today')
  .option('--theme <theme>', 'only this theme, by key or name (kinship, "Kinship care")')
  .option('--format <format>', 'text, or json: the Discord message payloads the bot would send, one JSON array', 'text')
  .action(async (options: { since?: string; until?: string; theme?: string; format: string }) => {
    const { resolvePeriod } = await import('./digest/period.ts');
    const { digestPayloads, digestText } = await import('./digest/render-digest.ts');
    const { composeDigest } = await import('./jobs/compose-digest.ts');
    const { themeFromText } = await import('./command-kit/theme-names.ts');
    if (options.format !== 'text' && options.format !== 'json')
      throw new UserFacingError('--format must be text or json');
    const theme = options.theme === undefined ? undefined : themeFromText(options.theme);
    if (options.until && !options.since) throw new UserFacingError('--until needs --since');
    await withApp(async (app) => {
      const spec = options.since
        ? { kind: 'range' as const, since: options.since, until: options.until }
        : { kind: 'last-week' as const };
      const period = resolvePeriod(spec, new Date(), app.config.TZ);
      const digest = await composeDigest(app, period, theme);
      process.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify(digestPayloads(digest), null, 2)}\n`
          : `${stripControl(digestText(digest))}\n`,
      );
    });
  });

program
  .command('proposals')
  .description('Status changes proposed from the news, waiting for a moderator, with their ids')
  .option('--json', 'one JSON array of the pending proposals, for scripts')
  .action(async (options: { json?: boolean }) => {
    const { pendingAsTrackerStands, pendingListReply } = await import('./proposals/proposal-replies.ts');
    await withApp(async (app) => {
      const pending = await pendingAsTrackerStands(attachProposals(app), app.tracker);
      process.stdout.write(
        options.json ? `${JSON.stringify(pending, null, 2)}\n` : `${renderText(pendingListReply(pending))}\n`,
      );
    });
  });

program
  .command('register')
  .description('Register the slash commands with Discord now (in DISCORD_GUILD_ID, or globally)')
  .action(async () => {
    const { registerIfChanged } = await import('./discord/start-discord.ts');
    await withApp(async (app) => {
      await registerIfChanged(app, true);
      process.stdout.write(
        `Registered ${allCommands.length} commands ${app.config.DISCORD_GUILD_ID ? `in server ${app.config.DISCORD_GUILD_ID}` : 'globally (may take up to an hour to appear)'}.\n`,
      );
    });
  });

program
  .command('bench')
  .description('Measure polling, parsing and lookups on local data; prints figures and a final JSON line')
  .action(async () => {
    const { runBench } = await import('./bench/run-bench.ts');
    await runBench();
  });

/** Runs a slash command with the words given on the command line, and prints its answer as text. */
async function runSlashCommand(command: CommandModule, args: string[]): Promise<void> {
  await withApp(async (app) => {
    const line = [`/${command.definition.name}`, ...args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a))].join(' ');
    const parsed = parseTextCommand(line, allCommands);
    const reply = await runCommand(
      parsed.command,
      app.context,
      {
        subcommand: parsed.subcommand,
        options: parsed.options,
        // The command line is the operator's own: an editor and a manager, as at the prompt.
        user: operatorUser('cli'),
      },
      // An unexpected failure ends the command, told once below, not as a log line and a reply.
      { rethrow: true },
    );
    // A refusal or failure goes to stderr, and the command fails with it (scripts test the code).
    if (reply.failed) {
      process.stderr.write(`${renderText(reply)}\n`);
      process.exitCode = 1;
    } else process.stdout.write(`${renderText(reply)}\n`);
  });
}

// Every slash command also runs as a subcommand, rendered as plain text (`care-review-bot help`); its
// --help lists its subcommands and options from its definition.
for (const command of allCommands) {
  const name = command.definition.name;
  if (program.commands.some((c) => c.name() === name)) continue;
  if (name === 'help') {
    // `help` alone is the bot's /help; `help items` is the usage of that command.
    program
      .command('help')
      .description(`${command.definition.description}; with a command, its usage`)
      .argument('[command]', 'a command to show the usage of')
      .action(async (wanted?: string) => {
        if (wanted === undefined) return runSlashCommand(command, []);
        const found = program.commands.find((c) => c.name() === wanted.replace(/^\//, '').toLowerCase());
        if (!found)
          throw new UserFacingError(
            `No command "${stripControl(wanted)}". Commands: ${program.commands.map((c) => c.name()).join(', ')}.`,
          );
        found.outputHelp();
      });
    continue;
  }
  const sub = program.command(name).description(command.definition.description);
  if ((command.definition.options ?? []).length === 0) sub.action(() => runSlashCommand(command, []));
  else
    sub
      .argument('[args...]', 'a subcommand and options, as listed below')
      .addHelpText('after', `\n${commandReference(command)}`)
      .action((args: string[]) => runSlashCommand(command, args));
}

/** The one line a failed command ends with. */
function failureText(error: unknown): string {
  // STORE_URL names a store that cannot be opened: the message names the setting, the store and why.
  if (error instanceof StoreOpenError) return error.message;
  if (error instanceof StoreError) return `care-review-bot: ${error.message}`;
  if (error instanceof UserFacingError) return error.message;
  if (fsErrorCode(error) === 'ENOENT' && (error as NodeJS.ErrnoException).path)
    // A file a command needed is not there: its name says it all, without a stack.
    return `No such file: ${(error as NodeJS.ErrnoException).path}`;
  // The stack helps a developer, not a user: shown only when asked for.
  if (error instanceof Error && error.stack && /^(debug|trace)$/.test(process.env.LOG_LEVEL ?? ''))
    return `care-review-bot: ${errorMessage(error)}\n${error.stack}`;
  return `care-review-bot: ${errorMessage(error)} (LOG_LEVEL=debug shows where it happened)`;
}

// Piped into `head` and the like: a closed stdout ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = error instanceof ConfigError ? 2 : 1;
  // The command's last log line has just told this failure (the store's, when it could not be read):
  // once is enough. Anything logged earlier, or by the long-running bot, leaves this line printed.
  if (!lastLogged.tells(error)) process.stderr.write(`${failureText(error)}\n`);
}
