import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): the real server as a child process on a temporary data folder, its
// bundled engines killed and frozen under load. No global setup: each file starts its own server.
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
