import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { cachedData } from './data-cache.ts';

/** Line number (1-based) of the YAML node at `path`, or of its nearest existing parent. */
function lineOf(doc: Document, lines: LineCounter, path: PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Where a data file was named, for its messages: the setting (`SOURCES_FILE`) that named it, if any. */
export interface YamlFileOrigin {
  setting?: string;
}

/** The file as a message's heading names it: `SOURCES_FILE /path/sources.yaml`, or the path alone. */
const named = (file: string, origin: YamlFileOrigin) => (origin.setting ? `${origin.setting} ${file}` : file);

/**
 * Parses a YAML data file and validates it against a schema. Every problem is reported at once,
 * each with the file and line it sits on, so a broken file can be fixed in one pass.
 */
export function loadYamlFile<S extends z.ZodTypeAny>(file: string, schema: S, origin: YamlFileOrigin = {}): z.infer<S> {
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
      `Cannot load ${named(file, origin)}`,
    );
  }
  return parseYamlText(text, file, schema, origin);
}

export function parseYamlText<S extends z.ZodTypeAny>(
  text: string,
  file: string,
  schema: S,
  origin: YamlFileOrigin = {},
): z.infer<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`),
      `Cannot parse ${named(file, origin)}`,
    );
  }
  if (doc.contents === null) {
    throw new ConfigError(
      [`${file}:1: the file has no content (it is empty or only comments)`],
      `Invalid ${named(file, origin)}`,
    );
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = lineOf(doc, lines, issue.path) ?? 1;
      const path = issue.path.length > 0 ? ` ${issue.path.join('.')}:` : '';
      return `${file}:${where}:${path} ${issue.message}`;
    });
    throw new ConfigError(problems, `Invalid ${named(file, origin)}`);
  }
  return result.data;
}
