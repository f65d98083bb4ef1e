import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/setup/sequencer.js';

export default defineConfig({
  test: {
    globalSetup: ['./tests/setup/global.ts'],
    include: ['tests/**/*.test.ts'],
    // The fault suite runs on its own (vitest.faults.config.ts).
    exclude: ['tests/faults/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time, each in a process of its own. Files sharing their worker (`isolate: false`) saved the
    // modules' loading (a few seconds a file) but, with the withheld ids' listening connection (search/withheld-ids.ts),
    // runs ran out of the bundled PostgreSQL's connections (« too many clients », 3 full runs of 4): what a file leaves
    // open outlives it in a shared process, not in its own. A file gets its own database clone, app and search index
    // (tests/setup/); a clone or app made in a test is closed when that test ends (setup/database.ts), and the bundled
    // test server allows 300 connections (setup/global.ts): two files held up to 82 together. CI runs its files on
    // the machine's PostgreSQL (DATABASE_URL, 100 connections) one at a time (.ci/run, --maxWorkers=1).
    maxWorkers: 2,
    // The longest files first (their durations in a full run, tests/setup/durations.json; `npm run test:durations`
    // writes it again), so that the two workers end together. Vitest's own order (failed first, then longest in its
    // cache, else largest file) has no cache in a fresh clone (CI) and goes by size, which says little of a file's
    // length: tests/import/cli.test.ts (265 lines, its CLIs in their own node) was the longest file of a run and
    // started 36th, tests/listing/scale.test.ts 53rd, tests/http/fuzz.test.ts 47th. The per-file fixed cost is the
    // fresh process (modules loaded again, app built, contract schemas compiled): see tests/README.md.
    sequence: { sequencer: LongestFirstSequencer },
  },
});
