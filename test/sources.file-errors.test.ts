// A broken sources file (SOURCES_FILE pointing at a copy being edited) is told in one clean line per
// problem, each at the line (and, for a syntax error, the column) where it is, naming the source.
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.ts';
import { loadSources } from '../src/sources/source-config.ts';
import { runCli } from './helpers/run-cli.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

let files = 0;
function brokenFile(lines: string[]): string {
  const file = dir.file(`sources-${++files}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The problems loading the file reports, one per line as printed. */
function problemsOf(file: string): string[] {
  try {
    loadSources(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the file to be refused');
}

const communityCare = [
  'sources:',
  '  - id: community-care',
  '    name: Community Care',
  '    kind: rss',
  '    url: https://www.communitycare.co.uk/feed/',
];

describe('a sources file with a YAML syntax error', () => {
  it('is told as file:line:col: and the message, on one line, without the excerpt', () => {
    const file = brokenFile([...communityCare, '  - [kind: rss']);
    expect(problemsOf(file)).toEqual([
      `${file}:7:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('tells each error once, at its own line and column', () => {
    const file = brokenFile(['sources:', '  - id: a', '   name: [unclosed']);
    const problems = problemsOf(file);
    expect(problems[0]).toBe(`${file}:3:1: Sequence item without - indicator`);
    for (const problem of problems) expect(problem).toMatch(new RegExp(`^${file}:\\d+:\\d+: [^\\n]*[^:\\n]$`));
    expect(problems.join('\n')).not.toMatch(/at line \d+, column \d+/);
  });
});

describe('a source with a value of the wrong kind', () => {
  it('names the source and the field, what it must be and what it got', () => {
    const file = brokenFile([...communityCare, '    enabled: yes']);
    expect(problemsOf(file)).toEqual([`${file}:6: source "community-care": enabled must be true or false (got "yes")`]);
  });

  it('says which field is missing, and names a source without an id by its place in the list', () => {
    const file = brokenFile([
      ...communityCare,
      '  - name: No id',
      '    kind: rss',
      '    url: https://example.org/feed',
      '  - id: no-url',
      '    name: ""',
      '    kind: rss',
      '    enabled:',
    ]);
    expect(problemsOf(file)).toEqual([
      `${file}:6: source 2: id is missing`,
      `${file}:9: source "no-url": url is missing`,
      `${file}:10: source "no-url": name must not be empty`,
      `${file}:12: source "no-url": enabled must be true or false (got nothing)`,
    ]);
  });

  it('names an id that is not lower-case letters, digits and dashes, and a duplicate id', () => {
    const file = brokenFile([
      ...communityCare,
      '  - {id: Community Care, name: CC, kind: rss, url: "https://example.org/feed"}',
      '  - {id: community-care, name: CC again, kind: rss, url: "ftp://example.org/feed"}',
    ]);
    expect(problemsOf(file)).toEqual([
      `${file}:6: source "Community Care": id must be lower-case letters, digits and dashes (got "Community Care")`,
      `${file}:7: source "community-care": url must be an http(s) URL (got "ftp://example.org/feed")`,
      `${file}:7: source "community-care": id is the same as an earlier source's`,
    ]);
  });
});

describe('a source with a key the file does not know', () => {
  it("is told at the key's own line", () => {
    const file = brokenFile([...communityCare, '    comentsFeed: https://www.communitycare.co.uk/comments/feed/']);
    expect(problemsOf(file)).toEqual([`${file}:6: source "community-care": unknown key "comentsFeed"`]);
  });

  it('at its own line also when its value is a block below it, or it is inside selectors', () => {
    const file = brokenFile([
      'sources:',
      '  - id: psw',
      '    name: PSW',
      '    kind: html',
      '    url: https://www.basw.co.uk/psw',
      '    selectors:',
      '      item: article',
      '      titel: h2',
      '      title: h2',
      '      link: a',
      '    tags:',
      '      - news',
    ]);
    expect(problemsOf(file)).toEqual([
      `${file}:8: source "psw": unknown key "titel" in selectors`,
      `${file}:11: source "psw": unknown key "tags"`,
    ]);
  });

  it('at the top of the file too', () => {
    const file = brokenFile([...communityCare, 'source:', '  - id: x']);
    expect(problemsOf(file)).toEqual([`${file}:6: unknown key "source"`]);
  });
});

describe('a source of a kind the bot does not read', () => {
  it('says which kinds there are and what it got, and still tells the entry’s other problems', () => {
    const file = brokenFile([
      'sources:',
      '  - id: community-care',
      '    name: Community Care',
      '    kind: atom',
      '    url: not a url',
      '    enabled: yes',
      '    colour: blue',
      '  - id: psw',
      '    name: PSW',
      '    url: https://www.basw.co.uk/psw',
    ]);
    expect(problemsOf(file)).toEqual([
      `${file}:4: source "community-care": kind must be rss or html (got "atom")`,
      `${file}:5: source "community-care": url must be an http(s) URL (got "not a url")`,
      `${file}:6: source "community-care": enabled must be true or false (got "yes")`,
      `${file}:7: source "community-care": unknown key "colour"`,
      `${file}:8: source "psw": kind is missing (rss or html)`,
    ]);
  });

  it('an entry that is not a mapping says what an entry holds', () => {
    const file = brokenFile([...communityCare, '  - psw-basw']);
    expect(problemsOf(file)).toEqual([
      `${file}:6: source 2: must be a mapping with id, name, kind and url (got "psw-basw")`,
    ]);
  });
});

describe('the bot started on a broken sources file', () => {
  it('prints each problem on its own line and exits 2', async () => {
    const file = brokenFile([...communityCare, '    enabled: yes', '    comentsFeed: https://example.org/c']);
    const result = await runCli(['items'], { SOURCES_FILE: file, STORE_URL: `sqlite://${dir.file('bot.sqlite')}` });
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain(
      [
        `Invalid SOURCES_FILE ${file}:`,
        `  - ${file}:6: source "community-care": enabled must be true or false (got "yes")`,
        `  - ${file}:7: source "community-care": unknown key "comentsFeed"`,
      ].join('\n'),
    );
  });
});
