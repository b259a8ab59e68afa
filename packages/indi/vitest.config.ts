import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'indi',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    benchmark: { include: ['src/**/*.bench.ts', 'bench/**/*.bench.ts'] },
    testTimeout: 20_000,
    // Benchmarks import the build (dist/) and Node loads it as users do, as it loads the sax
    // baseline; through vitest's module runner every cross-module call goes through a getter.
    server: { deps: { external: [/\/dist\//] } },
  },
});
