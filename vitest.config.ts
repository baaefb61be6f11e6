import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most test files wait on child processes, local servers and timers rather than the CPU: on a
    // two-core machine vitest's default (cores - 1) would run them one at a time.
    maxWorkers: 3,
    testTimeout: 40_000,
    hookTimeout: 30_000,
  },
});
