import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-dir.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const copy = tempDir();
const bin = join(copy.path, 'bin', 'care-review-bot.js');
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent' };
const NOTICE = /the build in dist\/ is not of these sources/g;
const scriptAvailable = spawnSync('script', ['--version']).status === 0;
if (!scriptAvailable) console.warn('script (util-linux) is not installed: the terminal notice is not checked');

/** A build that only says it ran, in place of the real one, with the fingerprint given (or none). */
function fakeBuild(fingerprint: string | undefined): void {
  rmSync(join(copy.path, 'dist'), { recursive: true, force: true });
  mkdirSync(join(copy.path, 'dist', 'src'), { recursive: true });
  writeFileSync(join(copy.path, 'dist', 'src', 'cli.js'), "process.stdout.write('the build ran\\n');\n");
  if (fingerprint !== undefined)
    writeFileSync(join(copy.path, 'dist', 'source-fingerprint.json'), JSON.stringify({ sha256: fingerprint }));
}

function fingerprintOfCopy(): string {
  return execFileSync(process.execPath, [join(copy.path, 'bin', 'source-fingerprint.js')], { env })
    .toString()
    .trim();
}

function runBin(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: copy.path, env, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** An edit that leaves the file older than the build, as a checkout can. */
function editKeepingAnOldTime(file: string): void {
  appendFileSync(join(copy.path, file), '\n// edited after the build\n');
  const old = new Date('2000-01-01T00:00:00Z');
  utimesSync(join(copy.path, file), old, old);
}

beforeAll(() => {
  // The package as installed: its sources and data, without a store; the libraries of this checkout.
  for (const name of ['bin', 'src', 'commands', 'data', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
    cpSync(join(root, name), join(copy.path, name), { recursive: true, filter: (from) => !/\.sqlite/.test(from) });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(copy.path, 'node_modules'));
});
afterAll(() => copy.remove());

describe('which code bin/care-review-bot.js runs', () => {
  it('runs the build while the sources hash as they did when it was made', () => {
    fakeBuild(fingerprintOfCopy());
    const result = runBin(['--help']);
    expect(result.stdout).toBe('the build ran\n');
    expect(result.stderr).toBe('');
  });

  it('runs the sources, not the build, once a source is edited, even with an older time stamp', () => {
    fakeBuild(fingerprintOfCopy());
    editKeepingAnOldTime('src/cli.ts');
    const result = runBin(['--help']);
    expect(result.stdout).not.toContain('the build ran');
    expect(result.stdout).toContain('Usage: care-review-bot');
    expect(result.code).toBe(0);
    // Scripts and logs get no notice: it is for a person at a terminal.
    expect(result.stderr).toBe('');
  }, 60_000);

  it('runs the sources when the build recorded no fingerprint', () => {
    fakeBuild(undefined);
    const result = runBin(['--help']);
    expect(result.stdout).not.toContain('the build ran');
    expect(result.stdout).toContain('Usage: care-review-bot');
  }, 60_000);

  it.skipIf(!scriptAvailable)(
    'says so once at a terminal',
    () => {
      fakeBuild('0'.repeat(64));
      const result = spawnSync('script', ['-qec', `"${process.execPath}" "${bin}" --help`, '/dev/null'], {
        cwd: copy.path,
        env,
        timeout: 60_000,
      });
      const shown = result.stdout.toString();
      expect(shown).not.toContain('the build ran');
      expect(shown).toContain('Usage: care-review-bot');
      expect(shown.match(NOTICE)).toHaveLength(1);
    },
    60_000,
  );
});
