import { packSections, type MessagePayload } from '../render/pack-messages.ts';
import { sectionsPlain } from '../render/rich-text.ts';
import type { Digest } from './digest-model.ts';
import { digestSections } from './digest-layout.ts';

export type DigestFormat = 'discord' | 'text' | 'json';

/**
 * The digest as the Discord messages to post, in order: every one within every limit, none able
 * to ping anyone. Each message's last embed says which part it is.
 */
export function digestPayloads(digest: Digest): MessagePayload[] {
  return packSections(digestSections(digest), {
    footer: (part, parts) => (parts > 1 ? `${digest.period.label} · part ${part} of ${parts}` : digest.period.label),
  });
}

/** The same digest as plain text, for the terminal. */
export function digestText(digest: Digest): string {
  return sectionsPlain(digestSections(digest));
}

/** `--format json`: the exact message payloads the bot would send, as one JSON array. */
export function digestJson(digest: Digest): string {
  return JSON.stringify(digestPayloads(digest), null, 2);
}
