/** The signal's own `aborted`, before the clock check below is put in front of it. */
const nativeAborted = (signal: AbortSignal): boolean => Boolean(Reflect.get(AbortSignal.prototype, 'aborted', signal));

/**
 * The lease on a held lock, as the work sees it: an AbortSignal aborted on the first renewal that
 * fails, and as soon as the last good renewal is older than half the lock's TTL. The lock itself
 * lasts a full TTL from that renewal, so the work stops writing well before another process can
 * take the lock over.
 *
 * A timer alone cannot say "too late" after a long synchronous step (the event loop was blocked,
 * and the code after it runs before any timer), so `aborted` and `throwIfAborted()` also compare
 * the clock with the deadline when they are read.
 */
export class Lease {
  private readonly controller = new AbortController();
  private renewedAt: number;
  private timer: NodeJS.Timeout | undefined;
  readonly signal: AbortSignal;

  constructor(
    private readonly lockName: string,
    /** Half the lock's TTL: how long a renewal counts. */
    private readonly graceMs: number,
    private readonly onLost: (why: string) => void,
    now = Date.now(),
  ) {
    this.renewedAt = now;
    const signal = this.controller.signal;
    const aborted = () => {
      this.checkDeadline();
      return this.lost();
    };
    Object.defineProperty(signal, 'aborted', { get: aborted });
    signal.throwIfAborted = () => {
      if (aborted()) throw signal.reason;
    };
    this.signal = signal;
    this.arm();
  }

  /** A renewal sent at `sentAt` was accepted: the store keeps the lock a full TTL from then at least. */
  renewed(sentAt: number): void {
    if (this.lost()) return;
    this.renewedAt = Math.max(this.renewedAt, sentAt);
    this.arm();
  }

  lose(why: string): void {
    clearTimeout(this.timer);
    if (this.lost()) return;
    this.onLost(why);
    this.controller.abort(new Error(`lost the ${this.lockName} lock: ${why}`));
  }

  /** The work has ended: no more timers. */
  end(): void {
    clearTimeout(this.timer);
  }

  private lost(): boolean {
    return nativeAborted(this.controller.signal);
  }

  private checkDeadline(): void {
    if (this.lost()) return;
    const since = Date.now() - this.renewedAt;
    if (since > this.graceMs) this.lose(`no renewal for ${since} ms (the process was too busy or the store too slow)`);
  }

  private arm(): void {
    clearTimeout(this.timer);
    const due = Math.max(0, this.renewedAt + this.graceMs + 1 - Date.now());
    this.timer = setTimeout(() => this.checkDeadline(), due);
  }
}
