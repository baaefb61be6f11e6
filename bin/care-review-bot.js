#!/usr/bin/env node
// Runs the build in dist/ (made by `npm install` through `prepare`, or `npm run build`). When there is
// none, or a source has changed since it was built, runs the TypeScript sources through tsx instead,
// so an edit is never hidden behind an old build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// A bot idles most of the time: a smaller heap matters more than peak speed (npm start also passes
// the flag to node, which applies it from the first allocation).
setFlagsFromString('--optimize-for-size');

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'src', 'cli.js');

function buildIsCurrent() {
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  for (const dir of ['src', 'commands']) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt) return false;
    }
  }
  return true;
}

if (buildIsCurrent()) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
