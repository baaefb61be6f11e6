import type { FeedState } from '../store/feed-state-store.ts';
import { nextAttemptTime } from './backoff.ts';

/** A source that fails this many times in a row is paused until a moderator resumes it. */
export const PAUSE_AFTER_FAILURES = 10;

/** Whether a source in this state should be paused now: it has failed often enough and is not paused yet. */
export function shouldPause(state: FeedState, threshold = PAUSE_AFTER_FAILURES): boolean {
  return state.failures >= threshold && !state.pausedAt;
}

/** Whether the admins are still to be told that this source is paused. */
export function needsPauseNotice(state: FeedState): boolean {
  return Boolean(state.pausedAt) && !state.pauseNoticesAt;
}

/**
 * The state after one more failure: counted, its reason kept, the next attempt put off (backoff or
 * the server's Retry-After), the start of the run of failures kept, and paused when it is time.
 * Validators stay as they were: a failure must not make the next success look unchanged or all new.
 */
export function recordFailure(current: FeedState, now: Date, reason: string, retryAfterMs?: number): FeedState {
  const at = now.toISOString();
  const failures = current.failures + 1;
  const next: FeedState = {
    ...current,
    lastAttemptAt: at,
    failures,
    failuresStartedAt: current.failures === 0 ? at : (current.failuresStartedAt ?? at),
    lastError: reason,
    nextAttemptAt: nextAttemptTime(now, failures, retryAfterMs).toISOString(),
  };
  return shouldPause(next) ? { ...next, pausedAt: at, pauseNoticesAt: undefined } : next;
}

/** The state after a successful read (changed or not): failures, pause and backoff cleared. */
export function recordSuccess(current: FeedState, now: Date): FeedState {
  const at = now.toISOString();
  return {
    ...current,
    lastAttemptAt: at,
    lastSuccessAt: at,
    failures: 0,
    failuresStartedAt: undefined,
    lastError: undefined,
    nextAttemptAt: undefined,
    pausedAt: undefined,
    pauseNoticesAt: undefined,
  };
}

/** The state after a moderator resumes the source: polled again at the next poll, from a clean count. */
export function recordResume(current: FeedState): FeedState {
  return {
    ...current,
    failures: 0,
    failuresStartedAt: undefined,
    nextAttemptAt: undefined,
    pausedAt: undefined,
    pauseNoticesAt: undefined,
  };
}
