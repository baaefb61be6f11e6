import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../paths.ts';

/**
 * The bundled YAML data files, read once by the build into JSON under dist/data/, which parses in
 * a fraction of the time: recommendations.yaml alone costs a fifth of a second to parse at every
 * start. Each JSON keeps a hash of the text it was read from: a file whose text has changed since
 * the build (whatever its time stamp says) is read as YAML again.
 */
const DATA_DIR = join(PACKAGE_ROOT, 'data');
const CACHE_DIR = join(PACKAGE_ROOT, 'dist', 'data');

interface Dirs {
  data: string;
  cache: string;
}
const BUNDLED: Dirs = { data: DATA_DIR, cache: CACHE_DIR };

function cacheFileOf(file: string, dirs: Dirs): string | undefined {
  const within = relative(dirs.data, file);
  if (within.startsWith('..') || within !== basename(within) || !within.endsWith('.yaml')) return undefined;
  return join(dirs.cache, `${within}.json`);
}

/** The contents of a bundled data file as the build read them, when the file has not changed since. */
export function cachedData(file: string, dirs = BUNDLED): unknown {
  const cache = cacheFileOf(file, dirs);
  if (!cache || !existsSync(cache) || !existsSync(file)) return undefined;
  try {
    const { sha256, data } = JSON.parse(readFileSync(cache, 'utf8')) as { sha256?: string; data?: unknown };
    return sha256 === hashOf(readFileSync(file, 'utf8')) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the JSON of every bundled YAML data file (run by `npm run build`). */
export function writeDataCache(dirs = BUNDLED): string[] {
  mkdirSync(dirs.cache, { recursive: true });
  const written: string[] = [];
  for (const name of readdirSync(dirs.data).filter((n) => n.endsWith('.yaml'))) {
    const cache = cacheFileOf(join(dirs.data, name), dirs)!;
    const text = readFileSync(join(dirs.data, name), 'utf8');
    writeFileSync(cache, JSON.stringify({ sha256: hashOf(text), data: parse(text) as unknown }));
    written.push(name);
  }
  return written;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
