// The loader hooks behind record-modules.mjs; they run on the loader's own thread.
import { appendFileSync } from 'node:fs';

/** @type {string | undefined} */
let file;

/** @param {{ file?: string }} data */
export function initialize(data) {
  file = data.file;
}

/** @type {import('node:module').LoadHook} */
export const load = (url, context, nextLoad) => {
  if (file) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
};
