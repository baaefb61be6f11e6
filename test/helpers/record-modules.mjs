// Loaded with `node --import`: writes the URL of every module the process loads, one a line, to the
// file named in RECORD_MODULES_TO, so a test can tell which libraries a command pulled in.
import { register } from 'node:module';
import process from 'node:process';

register('./record-modules-hooks.mjs', import.meta.url, { data: { file: process.env.RECORD_MODULES_TO } });
