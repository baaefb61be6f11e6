import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder the package is installed in: bundled data files are found from here, wherever the bot is run. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A data file shipped with the package (`data/recommendations.yaml`). */
export function bundledFile(relative: string): string {
  return resolve(PACKAGE_ROOT, relative);
}

/** A path given in a setting: absolute as is, relative from the working directory. */
export function settingPath(path: string, cwd = process.cwd()): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
