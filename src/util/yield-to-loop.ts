/**
 * Lets timers, I/O and interactions run before the next slice of long work. Work on hostile input
 * (a large feed, a page of thousands of comments) is cut into slices that each take a few
 * milliseconds, with one of these between them, so that no slice holds the event loop for long.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Slices of text this long parse in a few milliseconds each. */
export const PARSE_SLICE_CHARS = 64 * 1024;
