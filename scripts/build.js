// `npm run build`: the TypeScript compiled to dist/, the data files as JSON (src/build/cache-data.ts),
// and last the fingerprint of the sources it was made from, which bin/care-review-bot.js checks
// before running the build. The fingerprint is taken first, so a source edited while the compiler
// runs leaves the build stale, never passed off as current; a build that fails records none.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { sourceFingerprint, writeFingerprint } from '../bin/source-fingerprint.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fingerprint = sourceFingerprint(root);
const run = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'dist'), { recursive: true, force: true });
run(createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json');
run(join('dist', 'src', 'build', 'cache-data.js'));
writeFingerprint(root, fingerprint);
