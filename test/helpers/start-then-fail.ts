// Runs the long-running entry (terminal mode, no prompt), then lets a promise reject unhandled and a
// timer callback throw THROWS times (default once), as a bug in a library callback would; says
// whether the process lived on.
import { runStart } from '../../src/start.ts';

await runStart({ promptless: true });
void Promise.reject(new Error('SQLITE_BUSY: database is locked'));
for (let i = 0; i < Number(process.env.THROWS ?? 1); i++) {
  setTimeout(() => {
    throw new Error('a socket callback threw');
  }, 50 + i);
}
setTimeout(() => {
  process.stdout.write('still running\n');
  process.kill(process.pid, 'SIGTERM');
}, 500);
