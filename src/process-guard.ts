import type { Logger } from './logger.ts';

/** More uncaught exceptions than this within a minute means the process is failing in a loop. */
const MAX_UNCAUGHT_PER_MINUTE = 5;

/**
 * Keeps the long-running bot up when a promise is left rejected or a callback throws outside any
 * command (a refused Discord call, a store that went away): each is logged, and the bot carries on.
 * Nothing is decided from memory alone (the store holds every fact), so carrying on after a stray
 * exception is safe; a burst of them is not, and ends the process through `stop` with exit code 1
 * for a supervisor to restart it.
 */
export function installProcessGuard(logger: Logger, stop: (reason: string, exitCode: number) => void): void {
  let recent: number[] = [];
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection; carrying on');
  const onException = (error: Error) => {
    const now = Date.now();
    recent = [...recent.filter((at) => now - at < 60_000), now];
    if (recent.length > MAX_UNCAUGHT_PER_MINUTE) {
      logger.fatal({ err: error }, `uncaught exception, ${recent.length} within a minute; stopping`);
      stop('repeated uncaught exceptions', 1);
      return;
    }
    logger.error({ err: error }, 'uncaught exception; carrying on');
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
}
