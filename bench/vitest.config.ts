import { defineConfig } from 'vitest/config';

// Benchmarks run through vitest only to reuse its TypeScript and import.meta.glob handling; they assert nothing.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    disableConsoleIntercept: true,
    reporters: ['dot'],
  },
});
