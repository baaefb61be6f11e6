#!/usr/bin/env node
// Runs the build in dist/ (made by `npm install` through `prepare`, or `npm run build`) while it is a
// build of these sources: the fingerprint it recorded matches what they hash to now (see
// source-fingerprint.js). Otherwise, or when there is no build, runs the TypeScript sources through
// tsx, so an edit is never hidden behind an old build.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { recordedFingerprint, sourceFingerprint } from './source-fingerprint.js';

// A bot idles most of the time: a smaller heap matters more than peak speed (npm start also passes
// the flag to node, which applies it from the first allocation).
setFlagsFromString('--optimize-for-size');

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'src', 'cli.js');

const hasBuild = existsSync(built);
if (hasBuild && recordedFingerprint(root) === sourceFingerprint(root)) {
  await import(pathToFileURL(built).href);
} else {
  // Said to a person at a terminal; scripts, supervisors and tests get stderr as the command writes it.
  if (hasBuild && process.stderr.isTTY)
    process.stderr.write(
      'care-review-bot: the build in dist/ is not of these sources (they changed since it was made), so they run through tsx; `npm run build` makes a new one.\n',
    );
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
