import type { Logger } from '../logger.ts';

/** A store call that failed or timed out; the message names the store (file or server) and the operation. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export const DEFAULT_STORE_TIMEOUT_MS = 8_000;

/**
 * Every store call goes through here: bounded by a timeout (a stopped Redis queues commands forever),
 * failures re-thrown as StoreError naming the store, and one log line when the store becomes
 * unreachable and one when it answers again, not one per call.
 */
export class StoreGuard {
  private down = false;
  private failuresWhileDown = 0;

  constructor(
    /** How the store is named in messages: the SQLite file or the Redis address (without password). */
    readonly label: string,
    private readonly logger: Logger,
    readonly timeoutMs = DEFAULT_STORE_TIMEOUT_MS,
  ) {}

  get reachable(): boolean {
    return !this.down;
  }

  async run<T>(what: string, operation: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
    });
    try {
      const result = await Promise.race([operation(), timeout]);
      this.recovered();
      return result;
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      this.failed(reason);
      throw new StoreError(`store ${this.label}: ${what} failed: ${reason}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Errors the backend emits on its own (reconnect attempts): counted, not logged one by one. */
  noteBackgroundError(error: unknown): void {
    this.failed(error instanceof Error ? error.message : String(error));
  }

  private failed(reason: string): void {
    if (this.down) {
      this.failuresWhileDown++;
      return;
    }
    this.down = true;
    this.failuresWhileDown = 1;
    this.logger.error({ store: this.label, reason }, 'store unreachable; retrying on each use');
  }

  private recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.warn({ store: this.label, failedCalls: this.failuresWhileDown }, 'store reachable again');
  }
}
