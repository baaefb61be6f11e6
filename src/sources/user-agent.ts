import { packageVersion } from '../util/package-version.ts';

/**
 * The User-Agent every request sends: the bot's name and version and, as publishers ask of crawlers,
 * where to reach whoever runs it (`care-review-bot/0.1.0 (+https://example.org/contact)`).
 */
export function userAgent(contactUrl?: string, version = packageVersion()): string {
  return contactUrl ? `care-review-bot/${version} (+${contactUrl})` : `care-review-bot/${version}`;
}
