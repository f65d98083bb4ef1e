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
    // Each file in a process of its own, two files at a time (vitest's default on two cores is one): much of a
    // file's time is waiting (Meilisearch's tasks, CLIs in processes of their own, the database's timeouts), which
    // the other file fills. Files sharing their worker (`isolate: false`) took half the CPU, but in a fresh clone's run
    // the bundled PostgreSQL then ran out of connections (« too many clients »), its cause not yet found; the test
    // server now allows 300 (tests/setup/global.ts).
    maxWorkers: 2,
  },
});
