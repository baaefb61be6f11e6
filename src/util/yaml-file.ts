import { readFileSync } from 'node:fs';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { cachedData } from './data-cache.ts';

/**
 * Who a problem at `path` concerns, as a message names it: `who` ("source \"psw\"", or the path
 * itself), and the `field` of it that is wrong, if any ("enabled", "selectors.title").
 */
export type DescribePath = (path: PropertyKey[], input: unknown) => { who: string; field: string };

export interface YamlFileOptions {
  describePath?: DescribePath;
  /** The setting that named the file (`SOURCES_FILE`), for its messages. */
  setting?: string;
}

/** The file as a message's heading names it: `SOURCES_FILE /path/sources.yaml`, or the path alone. */
const named = (file: string, options: YamlFileOptions) => (options.setting ? `${options.setting} ${file}` : file);

/** By default a problem is named by its path in the file: `recommendations.0.timeline.1.value`. */
const pathOnly: DescribePath = (path) => ({ who: path.map(String).join('.'), field: '' });

/** Line number (1-based) of the YAML node at `path`, or of its nearest existing parent. */
function lineOf(doc: Document, lines: LineCounter, path: PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Line number of `key` itself in the mapping at `path` (not of its value, which may start below). */
function lineOfKey(doc: Document, lines: LineCounter, path: PropertyKey[], key: string): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (isMap(map)) {
    const pair = map.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key);
    if (isNode(pair?.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
  }
  return lineOf(doc, lines, path);
}

/**
 * Parses a YAML data file and validates it against a schema. Every problem is reported at once,
 * each with the file and line it sits on, so a broken file can be fixed in one pass.
 */
export function loadYamlFile<S extends z.ZodTypeAny>(
  file: string,
  schema: S,
  options: YamlFileOptions = {},
): z.infer<S> {
  // A bundled file unchanged since the build comes from its JSON; any problem is found and placed
  // on its line by reading the YAML itself.
  const cached = cachedData(file);
  if (cached !== undefined) {
    const result = schema.safeParse(cached);
    if (result.success) return result.data;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      [`${file}: cannot be read (${code === 'ENOENT' ? 'no such file' : code})`],
      `Cannot load ${named(file, options)}`,
    );
  }
  return parseYamlText(text, file, schema, options);
}

/** `who: field message`, `who: message`, or the message alone for the file as a whole. */
function sentence(where: { who: string; field: string }, message: string): string {
  const what = where.field ? `${where.field} ${message}` : message;
  return where.who ? `${where.who}: ${what}` : what;
}

export function parseYamlText<S extends z.ZodTypeAny>(
  text: string,
  file: string,
  schema: S,
  options: YamlFileOptions = {},
): z.infer<S> {
  const lines = new LineCounter();
  // Plain messages: the pretty ones repeat the position in words and end with an excerpt of the text.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return `${file}:${line}:${col}: ${e.message.split('\n')[0]!.trim()}`;
    });
    throw new ConfigError([...new Set(problems)], `Cannot parse ${named(file, options)}`);
  }
  if (doc.contents === null) {
    throw new ConfigError(
      [`${file}:1: the file has no content (it is empty or only comments)`],
      `Invalid ${named(file, options)}`,
    );
  }
  const input: unknown = doc.toJS();
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const describe = options.describePath ?? pathOnly;
  const problems = result.error.issues.flatMap((issue) => {
    const where = describe(issue.path, input);
    // One problem per unknown key, at the key's own line.
    if (issue.code === 'unrecognized_keys') {
      const whole = { who: where.who, field: '' };
      return issue.keys.map((key) => ({
        line: lineOfKey(doc, lines, issue.path, key) ?? 1,
        text: sentence(whole, `unknown key ${JSON.stringify(key)}${where.field ? ` in ${where.field}` : ''}`),
      }));
    }
    return [{ line: lineOf(doc, lines, issue.path) ?? 1, text: sentence(where, issue.message) }];
  });
  // In the order of the file, each once (a schema may find one problem by two routes).
  const ordered = problems.sort((a, b) => a.line - b.line).map((p) => `${file}:${p.line}: ${p.text}`);
  throw new ConfigError([...new Set(ordered)], `Invalid ${named(file, options)}`);
}
