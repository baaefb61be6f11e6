import type { Logger } from '../logger.ts';

/** A store call that failed or timed out; the message names the store (file or server) and the operation. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/**
 * The store named by STORE_URL could not be opened at all: a setting to fix (or a server to start),
 * told once by whoever ends the process in its own words, never as an outage the bot will retry.
 */
export class StoreOpenError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
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
  private opening = false;

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
    try {
      const result = await withTimeout(operation, timeoutMs);
      this.recovered();
      return result;
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const reason = reasonOf(error);
      this.failed(reason);
      throw new StoreError(`store ${this.label}: ${what} failed: ${reason}`, { cause: error });
    }
  }

  /**
   * The first contact with the store (`open the store`, `connect to the store`), within the timeout.
   * Its failure is no outage to log and retry: nothing is open yet, so it is thrown as a
   * StoreOpenError naming STORE_URL, and the backend's own errors meanwhile are not logged either.
   */
  async open<T>(what: string, operation: () => Promise<T>): Promise<T> {
    this.opening = true;
    try {
      return await withTimeout(operation, this.timeoutMs);
    } catch (error) {
      throw new StoreOpenError(`STORE_URL: cannot ${what} ${this.label}: ${reasonOf(error)}`, { cause: error });
    } finally {
      this.opening = false;
    }
  }

  /** Errors the backend emits on its own (reconnect attempts): counted, not logged one by one. */
  noteBackgroundError(error: unknown): void {
    if (this.opening) return;
    this.failed(reasonOf(error));
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

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function withTimeout<T>(operation: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
  });
  try {
    return await Promise.race([operation(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
