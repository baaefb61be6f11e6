import { readFileSync } from 'node:fs';
import { bundledFile } from '../paths.ts';

let version: string | undefined;

/** The version in the package's package.json, read once. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(bundledFile('package.json'), 'utf8')) as { version: string }).version;
  return version;
}
