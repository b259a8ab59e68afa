import { defineConfig } from 'vitest/config';

// One vitest run over every package, so CI gets one JSON report with one count.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
