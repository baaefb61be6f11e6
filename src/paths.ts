import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above `from` that holds package.json: the same from the sources and from the build in dist/. */
function packageRootFrom(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..');
  }
}

/** The folder the package is installed in: bundled data files are found from here, wherever the bot is run. */
export const PACKAGE_ROOT = packageRootFrom(dirname(fileURLToPath(import.meta.url)));

/** A data file shipped with the package (`data/recommendations.yaml`). */
export function bundledFile(relative: string): string {
  return resolve(PACKAGE_ROOT, relative);
}

/** A path given in a setting: absolute as is, relative from the working directory. */
export function settingPath(path: string, cwd = process.cwd()): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
