import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    benchmark: { include: ['src/**/*.bench.ts', 'bench/**/*.bench.ts'] },
    // Benchmarks import the build (dist/) and Node loads it as users do; through vitest's module
    // runner every cross-module call goes through a getter (1.3-1.5x on the IFCB parser).
    server: { deps: { external: [/\/dist\//] } },
    // Generous: CI shares two cores between every package's tests and real peers.
    testTimeout: 30_000,
  },
});
