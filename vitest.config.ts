import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // TF.js keeps one global engine per process: run files in separate forks, tests in order.
    pool: 'forks',
    // both cores: the slow files (sweeps, seeded paths) overlap instead of queueing
    maxWorkers: 2,
  },
});
