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
    // Each file in a process of its own, one file at a time (vitest's default on two cores). Files sharing their
    // worker (`isolate: false`, two at a time) took half the CPU, but in a fresh clone's run the bundled PostgreSQL
    // then ran out of connections (« too many clients »), its cause not yet found.
  },
});
