// `npm install` builds dist/ through this. An install without dev dependencies (npm install --omit=dev)
// has no TypeScript compiler: it skips the build, and the bot runs its sources through tsx instead.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';

try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  process.stdout.write('TypeScript is not installed: no build; the bot will run its sources through tsx.\n');
  process.exit(0);
}
execSync('npm run build', { stdio: 'inherit' });
