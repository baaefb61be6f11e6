import { config as loadDotenv } from 'dotenv';
import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { LOG_FORMATS } from './logger.ts';
import { bundledFile, settingPath } from './paths.ts';
import { DEFAULT_LOCK_TTL_MS } from './store/locks.ts';

const cronExpression = () =>
  z
    .string()
    .trim()
    .refine((value) => cron.validate(value), {
      message: `not a valid cron expression (5 or 6 fields, e.g. "*/15 * * * *")`,
    });

/** The shortest gap between polls: each poll fetches every publisher's site. */
export const MIN_POLL_INTERVAL_MS = 5 * 60_000;

/** The shortest gap between two runs of a schedule, over a year of runs (bounded: a sparse schedule stops early). */
function shortestGapMs(expression: string): number {
  const runs = CronExpressionParser.parse(expression, { currentDate: new Date(Date.UTC(2025, 0, 1)), tz: 'UTC' });
  let previous = runs.next().getTime();
  let shortest = Infinity;
  const end = previous + 366 * 24 * 3_600_000;
  for (let step = 0; step < 2_000 && runs.hasNext(); step++) {
    const next = runs.next().getTime();
    if (next > end) break;
    shortest = Math.min(shortest, next - previous);
    if (shortest < MIN_POLL_INTERVAL_MS) break;
    previous = next;
  }
  return shortest;
}

const timeZone = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: value });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a known IANA time zone (for example Europe/London)' },
  );

/**
 * STORE_URL in its one accepted form per backend: `sqlite://PATH` (relative to the working directory,
 * or `sqlite:///abs/path`), `redis://…` / `rediss://…`, or `memory:NAME` for tests. SQLite URLs come
 * back with an absolute path so that every later message names the real file.
 */
export function storeUrl(value: string, ctx: z.RefinementCtx): string {
  if (/^rediss?:\/\/[^/\s]/.test(value)) return value;
  if (/^memory:\S*$/.test(value)) {
    // Kept only as long as the process: for the test suite, never for a bot or a command.
    if (process.env.VITEST) return value;
    ctx.addIssue({
      code: 'custom',
      message: 'memory: keeps nothing after the command ends; use sqlite://PATH or redis://HOST:PORT',
    });
    return z.NEVER;
  }
  if (value.startsWith('sqlite')) {
    const path = /^sqlite:\/\/(.+)$/.exec(value)?.[1];
    let problem: string | undefined;
    if (!path)
      problem =
        'names no file: use sqlite://data/bot.sqlite (relative to the working directory) or sqlite:///absolute/path.sqlite';
    else if (path.startsWith('~'))
      problem = '"~" is not expanded: write the full path, as sqlite:///home/you/bot.sqlite';
    else if (/[?#]/.test(path)) problem = 'takes a plain file path, without ? or # options';
    else if (path === ':memory:')
      problem = 'an in-memory SQLite database would lose every item at exit: use memory:NAME for tests, or a file';
    if (!problem) return `sqlite://${settingPath(path!)}`;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  ctx.addIssue({
    code: 'custom',
    message: 'must be sqlite://PATH, sqlite:///absolute/path, redis://host:port or rediss://host:port',
  });
  return z.NEVER;
}

/** A switch: exactly 1, 0, true or false (any case); empty or unset is off. */
const onOff = z
  .preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z.enum(['1', '0', 'true', 'false'], { error: 'must be 1, 0, true or false' }).optional(),
  )
  .transform((value) => value === '1' || value === 'true');

const snowflake = z
  .string()
  .trim()
  .regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

/** Comma-separated Discord ids, each checked; an empty value is an empty list. */
const snowflakeList = (what: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const ids = (value ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      const bad = ids.filter((id) => !/^\d{17,20}$/.test(id));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${bad.map((id) => JSON.stringify(id.slice(0, 40))).join(', ')} ${bad.length === 1 ? 'is not a' : 'are not'} ${what} id${bad.length === 1 ? '' : 's'} (17 to 20 digits); give ids separated by commas`,
        });
        return z.NEVER;
      }
      return [...new Set(ids)];
    });

const emptyIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyIsUnset, schema.optional());

/** A setting with a default, which an empty value (`NAME=` in .env) also means. */
const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: z.input<T>) =>
  z.preprocess(emptyIsUnset, schema.default(fallback as never));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * CONTACT_URL, sent as it is written in every request's User-Agent comment, "(+URL)": so nothing in it
 * may break the header (line breaks, control characters), end the comment early (brackets), name an
 * address that does not exist (spaces) or hand a password to every site polled. Refused, never altered.
 */
const contactUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = /[\s\u0000-\u001F\u007F-\u009F]/.test(value)
      ? 'must not contain spaces, line breaks or control characters (write a space as %20)'
      : /[^\x21-\x7E]/.test(value)
        ? 'must be plain ASCII (percent-encode other characters)'
        : /[()[\]{}<>\\"`]/.test(value)
          ? 'must not contain brackets, quotes or backslashes (they would end the User-Agent comment early)'
          : !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)
            ? 'must be an http(s) URL'
            : new URL(value).username || new URL(value).password
              ? 'must not contain a user name or password: it is sent to every site polled'
              : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const configSchema = z.object({
  DISCORD_TOKEN: optional(z.string().trim().min(20, 'looks too short to be a bot token')),
  DISCORD_APP_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  EDITOR_GUILD_IDS: snowflakeList('Discord server'),
  EDITOR_ROLE_ID: optional(snowflake),
  DISCORD_API_BASE: optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
  STORE_URL: optional(z.string().trim().transform(storeUrl)),
  SOURCES_FILE: optional(
    z
      .string()
      .trim()
      .min(1)
      .transform((path) => settingPath(path)),
  ),
  POLL_CRON: withDefault(cronExpression(), '*/15 * * * *'),
  DIGEST_CRON: withDefault(cronExpression(), '0 9 * * 1'),
  DIGEST_CHANNEL_ID: optional(snowflake),
  TZ: withDefault(timeZone, 'Europe/London'),
  LOG_LEVEL: withDefault(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.slice(0, -1).join(', ')} or ${LOG_LEVELS.at(-1)}` }),
    'info',
  ),
  LOG_FORMAT: withDefault(
    z.enum(LOG_FORMATS, { error: `must be ${LOG_FORMATS.slice(0, -1).join(', ')} or ${LOG_FORMATS.at(-1)}` }),
    'auto',
  ),
  ALLOW_PRIVATE_FEEDS: onOff,
  // Sent in the User-Agent, so that a publisher can reach whoever runs the bot.
  CONTACT_URL: optional(contactUrl),
  /** How long a lock lasts without renewal: a process that dies mid-poll holds up others this long. */
  LOCK_TTL_MS: z.preprocess(
    emptyIsUnset,
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(500, 'must be at least 500 (ms)')
      .max(600_000, 'must be at most 600000 (ms)')
      .default(DEFAULT_LOCK_TTL_MS),
  ),
});

// Polls more often than every 5 minutes would hammer publishers' sites; ALLOW_PRIVATE_FEEDS lifts the
// floor for feeds on one's own network (as the tests poll). Checked apart from the schema, so that it is
// named beside any other bad setting: zod skips an object's refinements once one of its fields fails.
function pollTooOften(env: NodeJS.ProcessEnv): string | undefined {
  const pollCron = configSchema.shape.POLL_CRON.safeParse(env.POLL_CRON);
  const allowPrivate = configSchema.shape.ALLOW_PRIVATE_FEEDS.safeParse(env.ALLOW_PRIVATE_FEEDS);
  if (!pollCron.success || !allowPrivate.success || allowPrivate.data) return undefined;
  if (!cron.validate(pollCron.data) || shortestGapMs(pollCron.data) >= MIN_POLL_INTERVAL_MS) return undefined;
  return 'runs more often than every 5 minutes, the shortest gap allowed: each poll fetches every source (e.g. "*/15 * * * *")';
}

type ParsedConfig = z.infer<typeof configSchema>;
export type Config = Omit<ParsedConfig, 'STORE_URL' | 'SOURCES_FILE'> & { STORE_URL: string; SOURCES_FILE: string };

/** The store when STORE_URL is not set: a SQLite file in the package's own data folder, wherever the bot is run from. */
export const DEFAULT_STORE_URL = `sqlite://${bundledFile('data/bot.sqlite')}`;

/** A value as shown in a config error: the password of an address in it (`https://user:pw@…`) is not repeated. */
function withoutPassword(value: string): string {
  return value.replace(/(\/\/[^/@\s]*?:)[^/@\s]*@/g, '$1***@');
}

/** Reads settings from the environment (after `.env`, which never overrides a variable already set). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): Config {
  if (options.dotenv !== false) loadDotenv({ quiet: true });
  const result = configSchema.safeParse(env);
  const tooOften = pollTooOften(env);
  if (!result.success || tooOften) {
    const issues = [
      ...(result.success ? [] : result.error.issues),
      ...(tooOften ? [{ path: ['POLL_CRON'], message: tooOften }] : []),
    ];
    const problems = issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const value = env[variable];
      const shown =
        value === undefined
          ? ''
          : ` (got ${JSON.stringify(variable === 'DISCORD_TOKEN' ? '***' : withoutPassword(value))})`;
      return `${variable}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const config: Config = {
    ...result.data,
    STORE_URL: result.data.STORE_URL ?? DEFAULT_STORE_URL,
    SOURCES_FILE: result.data.SOURCES_FILE ?? bundledFile('data/sources.yaml'),
  };
  if (config.DISCORD_TOKEN && !config.DISCORD_APP_ID) {
    throw new ConfigError([
      'DISCORD_APP_ID: required when DISCORD_TOKEN is set (the application id, to register commands)',
    ]);
  }
  return config;
}
