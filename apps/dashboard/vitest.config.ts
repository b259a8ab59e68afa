import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'dashboard',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // Each browser test file runs a gateway and a Chromium: one at a time on a shared machine.
    fileParallelism: false,
  },
});
