import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./tests/setup/global.ts'],
    include: ['tests/**/*.test.ts'],
    // The fault suite runs on its own (vitest.faults.config.ts).
    exclude: ['tests/faults/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files share their worker process and its loaded modules: importing src/ and its libraries again for each of
    // the 70 files was about a third of the suite's CPU. Each file still has its own database clone and app (see
    // tests/README.md); a file leaves no environment variable, spy or global behind.
    isolate: false,
    // Two workers even on two cores (vitest's default would be one): a file spends much of its time waiting on
    // PostgreSQL, Meilisearch, Chromium or a CLI it runs, and the other file uses that time.
    maxWorkers: 2,
  },
});
