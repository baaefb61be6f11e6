import { config as loadDotenv } from 'dotenv';
import cron from 'node-cron';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

const cronExpression = () =>
  z.string().trim().refine((value) => cron.validate(value), { message: `not a valid cron expression (5 or 6 fields, e.g. "*/15 * * * *")` });

const timeZone = z.string().trim().refine(
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

const snowflake = z.string().trim().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

export const configSchema = z.object({
  DISCORD_TOKEN: optional(z.string().trim().min(20, 'looks too short to be a bot token')),
  DISCORD_APP_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_BASE: optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
  STORE_URL: z
    .string()
    .trim()
    .default('sqlite://data/bot.sqlite')
    .refine((value) => /^(sqlite|redis|rediss|memory):/.test(value), {
      message: 'must start with sqlite://, redis://, rediss:// or memory:',
    }),
  SOURCES_FILE: z.string().trim().min(1).default('data/sources.yaml'),
  POLL_CRON: cronExpression().default('*/15 * * * *'),
  DIGEST_CRON: cronExpression().default('0 9 * * 1'),
  TZ: timeZone.default('Europe/London'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/** Reads settings from the environment (after `.env`, which never overrides a variable already set). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): Config {
  if (options.dotenv !== false) loadDotenv({ quiet: true });
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const value = env[variable];
      const shown = value === undefined ? '' : ` (got ${JSON.stringify(variable === 'DISCORD_TOKEN' ? '***' : value)})`;
      return `${variable}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const config = result.data;
  if (config.DISCORD_TOKEN && !config.DISCORD_APP_ID) {
    throw new ConfigError(['DISCORD_APP_ID: required when DISCORD_TOKEN is set (the application id, to register commands)']);
  }
  return config;
}
