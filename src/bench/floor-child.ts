// Run as its own process by the start-up bench: the floor under the bot's own figures, Node with
// every library the bot depends on imported and nothing else done.
import { readFileSync } from 'node:fs';
import { bundledFile } from '../paths.ts';
import { idleFigures } from './idle-figures.ts';

// tsx is the development loader, not a library the bot uses.
const NOT_LIBRARIES = new Set(['tsx']);
/** Packages with no main entry, by the entry the bot imports. */
const ENTRY: Record<string, string> = { 'discord-api-types': 'discord-api-types/v10' };

const { dependencies } = JSON.parse(readFileSync(bundledFile('package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
for (const name of Object.keys(dependencies)) if (!NOT_LIBRARIES.has(name)) await import(ENTRY[name] ?? name);
process.stdout.write(`${JSON.stringify(await idleFigures(0))}\n`);
process.exit(0);
