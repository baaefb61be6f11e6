// Who holds a lock is a random instance id, not host name plus pid: containers share both. A lock
// is taken from another holder only once it has expired.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { INSTANCE_ID } from '../src/store/instance-id.ts';
import { describeHolder } from '../src/store/locks.ts';
import { openStore } from '../src/store/open-store.ts';
import { spawnTs } from './helpers/spawn-ts.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

/** Root and a working `unshare --pid`: a second process can be put in a PID namespace of its own. */
function pidNamespaceProblem(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  const probe = spawnSync('unshare', ['--pid', '--fork', 'true']);
  if (probe.error) return `unshare is not available (${probe.error.message})`;
  if (probe.status !== 0)
    return `unshare --pid fails here (${probe.stderr.toString().trim() || `exit ${probe.status}`})`;
  return undefined;
}
const noNamespaces = pidNamespaceProblem();
if (noNamespaces) console.warn(`the PID-namespace lock test is skipped: ${noNamespaces}`);

describe('lock holders are told apart by a random id', () => {
  it('this process is named by host, pid and a random UUID, and /status reads it as process and host', () => {
    const [host, pid, id] = INSTANCE_ID.split(':');
    expect(host).toBe(hostname());
    expect(pid).toBe(String(process.pid));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(describeHolder(`${INSTANCE_ID}/1#3`)).toBe(`process ${pid} on ${host} (instance ${id!.slice(0, 8)})`);
  });

  it('a live lock naming this host and a pid that does not run here is waited out, not taken', async () => {
    const connection = await openStore(`sqlite://${dir.file('dead-pid.sqlite')}`, silentLogger, { lockTtlMs: 300 });
    const backend = (
      connection.locks as unknown as { backend: { acquire(n: string, h: string, t: number): Promise<boolean> } }
    ).backend;
    // Another container with this host name, whose process number does not exist in ours.
    const other = `${hostname()}:999999:00000000-0000-4000-8000-000000000000/1#1`;
    expect(await backend.acquire('poll', other, 60_000)).toBe(true);
    const outcome = await connection.locks.tryRun('poll', async () => 'ran');
    expect(outcome).toMatchObject({ ran: false, heldBy: { holder: other } });
    await connection.close();
  });

  it.skipIf(noNamespaces !== undefined)(
    'a second process in its own PID namespace, same host name, does not take a live holder’s lock',
    async () => {
      const file = dir.file('pid-namespace.sqlite');
      const holder = spawnTs('test/helpers/lock-processes/hold-lock.ts', [file, '6000']);
      try {
        await holder.waitFor(/^HOLDING/);
        const contender = spawnTs('test/helpers/lock-processes/try-lock.ts', [file], {
          wrapper: ['unshare', '--pid', '--fork'],
        });
        await contender.exited;
        expect(contender.lines.join('\n')).toMatch(/^WAITS: held by /m);
        await holder.exited;
        expect(holder.lines.join('\n')).toContain('KEPT the lock to the end');
      } finally {
        holder.kill();
      }
    },
    30_000,
  );
});
