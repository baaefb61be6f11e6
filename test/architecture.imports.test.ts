import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every relative module a file imports at load time (static imports and re-exports, types included). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)) {
    found.push(relative(root, resolve(root, dirname(file), match[1]!)));
  }
  return found;
}

const files = [...sourceFiles('src'), ...sourceFiles('commands')];
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** The import circles in the graph, each as the files around it. */
function circles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

/** The entry points that put the bot together: only they list the commands. */
const ENTRY_POINTS = [/^src\/cli\.ts$/, /^src\/start\.ts$/, /^src\/bench\//];

describe('module layout', () => {
  it('has no import circles in src/ and commands/', () => {
    expect(circles().map((circle) => circle.join(' -> '))).toEqual([]);
  });

  it('keeps src/ from importing commands/, but at the entry points', () => {
    const offenders = [...graph]
      .filter(([file]) => file.startsWith('src/') && !ENTRY_POINTS.some((entry) => entry.test(file)))
      .flatMap(([file, imports]) =>
        imports.filter((target) => target.startsWith('commands/')).map((t) => `${file} -> ${t}`),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps the core free of discord.js', () => {
    const core = /^src\/(sources|classify|tracker|digest|store|responses|proposals|jobs|delivery|render|command-kit)\//;
    const offenders = files.filter(
      (file) => core.test(file) && /from\s+'discord\.js'/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
