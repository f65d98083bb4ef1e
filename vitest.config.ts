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
    // Two files at a time, each worker process running file after file (`isolate: false`): a fresh process per file
    // loaded the app's modules again (7 to 9 s a file, measured on two cores busy with other work) for each of ~130
    // files. A file still gets its own database clone, app and search index (tests/setup/), and restores what it
    // changes (tests/README.md).
    // « too many clients » on the bundled PostgreSQL, seen with two at a time, came from files that make an app per
    // test (tests/open-data/bodacc-*: up to 76 connections for one file, the clones and apps held until the file
    // ended): a clone or app made in a test is now closed when that test ends (setup/database.ts), and the bundled
    // test server allows 300 connections (setup/global.ts): two files held up to 82 together. CI runs its files on
    // the machine's PostgreSQL (DATABASE_URL, 100 connections) one at a time (.ci/run, --maxWorkers=1).
    maxWorkers: 2,
    isolate: false,
  },
});
