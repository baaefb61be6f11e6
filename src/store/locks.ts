import type { Logger } from '../logger.ts';
import { Lease } from './lease.ts';
import type { LockBackend, LockInfo } from './lock-backends.ts';
import type { StoreGuard } from './store-guard.ts';

export const DEFAULT_LOCK_TTL_MS = 30_000;

export type LockOutcome<T> = { ran: true; value: T } | { ran: false; heldBy: LockInfo };

export interface WaitOptions {
  /** Called once, when the lock is found held by someone else, before waiting. */
  onWait?: (heldBy: LockInfo) => void;
  pollMs?: number;
  /** Give up after this long (the holder's lock expires on its own if it died). */
  maxWaitMs?: number;
}

let acquisitions = 0;

/** A holder as people read it: "process 14379 on vm (instance 575c3b2a)" for "vm:14379:575c3b2a-…/1#1". */
export function describeHolder(holder: string): string {
  const [host, pid, id] = holder.split(':');
  if (!host || !pid || !/^\d+$/.test(pid)) return holder;
  return id ? `process ${pid} on ${host} (instance ${id.slice(0, 8)})` : `process ${pid} on ${host}`;
}

/**
 * Named locks in the store, so that one process at a time polls, posts a digest or sends an alert
 * batch. A lock expires on its own (a crashed holder frees it) and is renewed while its work runs.
 * Each acquisition has its own holder name, so two runs in one process exclude each other too.
 */
export class StoreLocks {
  constructor(
    private readonly backend: LockBackend,
    private readonly guard: StoreGuard,
    private readonly logger: Logger,
    private readonly instanceId: string,
    private readonly ttlMs = DEFAULT_LOCK_TTL_MS,
  ) {}

  inspect(name: string): Promise<LockInfo | undefined> {
    return this.guard.run(`reading lock ${name}`, () => this.backend.inspect(name));
  }

  /**
   * Takes `name` for this connection for `ttlMs` and never releases it: the first process to claim
   * an event (an interaction every instance receives) handles it, the others leave it alone.
   */
  claim(name: string, ttlMs: number): Promise<boolean> {
    return this.guard.run(`claiming ${name}`, () => this.backend.acquire(name, this.instanceId, ttlMs));
  }

  /**
   * Runs `work` holding the lock, or returns who holds it. A lock held by someone else is taken only
   * once it has expired: a holder that died frees it after one TTL. The lock is renewed every
   * quarter TTL; the lease given to `work` is aborted on the first renewal that fails or comes late
   * (half a TTL without one), so the work stops writing before the lock can lapse.
   */
  async tryRun<T>(name: string, work: (lease: AbortSignal) => Promise<T>): Promise<LockOutcome<T>> {
    const holder = `${this.instanceId}#${++acquisitions}`;
    const sentAt = Date.now();
    const acquired = await this.guard.run(`taking lock ${name}`, () => this.backend.acquire(name, holder, this.ttlMs));
    if (!acquired) {
      const heldBy = (await this.inspect(name)) ?? { holder: 'another process', expiresAt: Date.now() };
      return { ran: false, heldBy };
    }
    const lease = new Lease(
      name,
      this.ttlMs / 2,
      (why) => this.logger.error({ lock: name, holder }, `lost a lock while working: ${why}; stopping`),
      sentAt,
    );
    // One renewal at a time, a quarter TTL after the last was sent. One that is slow to answer is
    // not a failure by itself: the lease's deadline (half a TTL after the last good one) decides.
    const renewEveryMs = Math.max(10, Math.floor(this.ttlMs / 4));
    let renewal: NodeJS.Timeout | undefined;
    const renew = () => {
      const at = Date.now();
      this.guard
        .run(`renewing lock ${name}`, () => this.backend.renew(name, holder, this.ttlMs), this.ttlMs / 2)
        .then((still) => {
          if (still) lease.renewed(at);
          else lease.lose('it expired and another process took it');
        })
        .catch((error: unknown) => {
          this.logger.warn({ err: error, lock: name }, 'could not renew a lock');
          lease.lose('a renewal failed');
        })
        .finally(() => {
          if (!lease.signal.aborted && !ended) renewal = setTimeout(renew, Math.max(0, at + renewEveryMs - Date.now()));
        });
    };
    let ended = false;
    renewal = setTimeout(renew, renewEveryMs);
    try {
      return { ran: true, value: await work(lease.signal) };
    } finally {
      ended = true;
      clearTimeout(renewal);
      lease.end();
      await this.guard
        .run(`releasing lock ${name}`, () => this.backend.release(name, holder))
        .catch((error: unknown) => {
          this.logger.warn({ err: error, lock: name }, 'could not release a lock; it expires on its own');
        });
    }
  }

  /** Runs `work` holding the lock, waiting while another holder has it. */
  async run<T>(name: string, work: (lease: AbortSignal) => Promise<T>, options: WaitOptions = {}): Promise<T> {
    const started = Date.now();
    let told = false;
    for (;;) {
      const outcome = await this.tryRun(name, work);
      if (outcome.ran) return outcome.value;
      if (!told) {
        options.onWait?.(outcome.heldBy);
        told = true;
      }
      if (Date.now() - started > (options.maxWaitMs ?? 10 * this.ttlMs)) {
        throw new Error(`lock ${name} is still held by ${outcome.heldBy.holder}`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  }
}
