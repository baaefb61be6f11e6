// The fingerprint of the sources a build is made from: a hash of every file the TypeScript compiler
// reads for it (src/ and commands/, and its settings), by path, size and contents. `npm run build`
// records it in dist/; bin/care-review-bot.js runs dist/ only while the sources still hash the same,
// whatever their time stamps say (a checkout or a copy can leave an edited file older than the build).
// The data files are not in it: the build's JSON of each one keeps a hash of its own (src/util/data-cache.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const SOURCE_DIRS = ['src', 'commands'];
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json'];
const COMPILED = /\.(ts|tsx|mts|cts|json)$/;

/** Where a build keeps the fingerprint of its sources. */
export const FINGERPRINT_FILE = join('dist', 'source-fingerprint.json');

/**
 * The files a build is made from, relative to the package root, in a fixed order.
 * @param {string} root
 * @returns {string[]}
 */
function sourceFiles(root) {
  const files = SETTINGS.filter((name) => existsSync(join(root, name)));
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(join(root, dir))) continue;
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && COMPILED.test(entry.name))
        files.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
    }
  }
  return files.sort();
}

/**
 * The sha256 of the sources as they are now.
 * @param {string} root
 * @returns {string}
 */
export function sourceFingerprint(root) {
  const hash = createHash('sha256');
  for (const file of sourceFiles(root)) {
    const contents = readFileSync(join(root, file));
    hash.update(`${file}\0${contents.length}\0`).update(contents);
  }
  return hash.digest('hex');
}

/**
 * The fingerprint a build recorded, or undefined when it recorded none.
 * @param {string} root
 * @returns {string | undefined}
 */
export function recordedFingerprint(root) {
  try {
    // The file is the build's own, written below: its one field is read without JSON.parse's any.
    return /"sha256":"([0-9a-f]{64})"/.exec(readFileSync(join(root, FINGERPRINT_FILE), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * @param {string} root
 * @param {string} sha256
 */
export function writeFingerprint(root, sha256) {
  writeFileSync(join(root, FINGERPRINT_FILE), `${JSON.stringify({ sha256 })}\n`);
}

// Run on its own, it prints the fingerprint of the sources beside it.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${sourceFingerprint(fileURLToPath(new URL('..', import.meta.url)))}\n`);
}
