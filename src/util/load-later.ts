import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A library loaded on first use rather than when the bot starts: the HTML and feed readers are
 * megabytes a bot that has not polled yet, or a command that only lists, never needs. Loaded
 * synchronously (their CommonJS build) so the parsers that use them stay synchronous; every value
 * import of such a library goes through here, so only one copy is ever in memory.
 */
export function loadLater<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
