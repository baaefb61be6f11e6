import { hostname } from 'node:os';
import type { Logger } from '../logger.ts';
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

/** A holder as people read it: "process 14379 on vm" for "vm:14379:575c3b/1#1". */
export function describeHolder(holder: string): string {
  const [host, pid] = holder.split(':');
  return host && pid && /^\d+$/.test(pid) ? `process ${pid} on ${host}` : holder;
}

/** True when `holder` names a process on this host that is no longer running. */
export function holderIsDead(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
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

  /** Runs `work` holding the lock, or returns who holds it. */
  async tryRun<T>(name: string, work: (lease: AbortSignal) => Promise<T>): Promise<LockOutcome<T>> {
    const holder = `${this.instanceId}#${++acquisitions}`;
    let acquired = await this.guard.run(`taking lock ${name}`, () => this.backend.acquire(name, holder, this.ttlMs));
    if (!acquired) {
      const heldBy = (await this.inspect(name)) ?? { holder: 'another process', expiresAt: Date.now() };
      // A holder on this machine whose process is gone (killed mid-poll) need not be waited out.
      if (heldBy.holder !== 'another process' && holderIsDead(heldBy.holder)) {
        acquired = await this.guard.run(`taking over lock ${name}`, () =>
          this.backend.takeOver(name, heldBy.holder, holder, this.ttlMs),
        );
        if (acquired)
          this.logger.warn({ lock: name, from: heldBy.holder }, 'took over a lock from a process that no longer runs');
      }
      if (!acquired) return { ran: false, heldBy };
    }
    // Aborted when the lease is lost (another holder took it, or it could not be renewed in time):
    // the work checks it before each write, so two holders never write at once.
    const lease = new AbortController();
    let renewedAt = Date.now();
    const lose = (why: string) => {
      if (lease.signal.aborted) return;
      this.logger.error({ lock: name, holder }, why);
      lease.abort(new Error(`lost the ${name} lock: ${why}`));
    };
    const renewal = setInterval(
      () => {
        this.guard
          .run(`renewing lock ${name}`, () => this.backend.acquire(name, holder, this.ttlMs))
          .then((still) => {
            if (still) renewedAt = Date.now();
            else lose('lost a lock while working (it expired and another process took it); stopping');
          })
          .catch((error: unknown) => {
            this.logger.warn({ err: error, lock: name }, 'could not renew a lock');
            if (Date.now() - renewedAt >= this.ttlMs) lose('could not renew a lock before it expired; stopping');
          });
      },
      Math.max(100, Math.floor(this.ttlMs / 3)),
    );
    try {
      return { ran: true, value: await work(lease.signal) };
    } finally {
      clearInterval(renewal);
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
