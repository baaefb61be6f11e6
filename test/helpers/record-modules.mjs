// Loaded with `node --import`: writes the URL of every module the process loads, one a line, to the
// file named in RECORD_MODULES_TO, so a test can tell which libraries a command pulled in. ES modules
// are seen by a loader hook as they load; CommonJS ones (require) are read from the cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const file = process.env.RECORD_MODULES_TO;
register('./record-modules-hooks.mjs', import.meta.url, { data: { file } });
if (file) {
  const { cache } = createRequire(import.meta.url);
  process.on('exit', () => {
    const required = Object.keys(cache).map((path) => pathToFileURL(path).href);
    appendFileSync(file, required.map((url) => `${url}\n`).join(''));
  });
}
