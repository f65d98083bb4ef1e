import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/setup/sequencer.js';

/**
 * The files that run each in a process of its own: the long ones, whose process costs little beside their tests and
 * which run CLIs, importers and browsers for minutes (tests/setup/durations.json: 30 s and more in a full run), and
 * the ones that time a child process, stop an engine or change the process itself (its timers, its signals).
 */
const isolatedFiles = [
  'tests/build.test.ts',
  'tests/changes/commit-order.test.ts',
  'tests/cli/interrupt.test.ts',
  'tests/cli/messages.test.ts',
  'tests/db/timeouts.test.ts',
  'tests/engines/**/*.test.ts',
  'tests/http/fuzz.test.ts',
  'tests/import/bounded-memory.test.ts',
  'tests/import/cli.test.ts',
  'tests/import/identifiers.test.ts',
  'tests/import/import.test.ts',
  'tests/import/reading.test.ts',
  'tests/import/sequence.test.ts',
  'tests/import/staging.test.ts',
  'tests/keys/cli.test.ts',
  'tests/listing/export.test.ts',
  'tests/listing/filters.test.ts',
  'tests/listing/scale.test.ts',
  'tests/open-data/bodacc-import.test.ts',
  'tests/open-data/bodacc-merge-or-withdraw.test.ts',
  'tests/open-data/bodacc-withdrawn-shown-again.test.ts',
  'tests/open-data/bounded-reports.test.ts',
  'tests/open-data/dry-run.test.ts',
  'tests/open-data/practitioners-import.test.ts',
  'tests/open-data/practitioners-repeated.test.ts',
  'tests/open-data/sirene-editions.test.ts',
  'tests/open-data/sirene.test.ts',
  'tests/pages/journey.test.ts',
  'tests/pages/pages.test.ts',
  'tests/pages/quality.test.ts',
  'tests/search/fallback-gate.test.ts',
  'tests/search/scale.test.ts',
  'tests/sites/position-checks.test.ts',
  'tests/writes/text.test.ts',
];

/** What both projects share (the root's globalSetup runs once for both; its values reach both). */
const common = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  // Closes after each file the clones, apps and browsers it made in its beforeAll hooks (setup/database.ts).
  setupFiles: ['./tests/setup/file.ts'],
};

export default defineConfig({
  test: {
    globalSetup: ['./tests/setup/global.ts'],
    // Two files at a time. The short files (most of them: a clone, an app and a few requests) share a process per
    // worker (`isolate: false`): their modules are loaded and the contract's schemas compiled once per worker rather
    // than once per file, a few seconds a file, a third of a run when each file had its own. What a file made in its
    // beforeAll hooks is closed after it (setup/file.ts); before that, its apps' connections (with the withheld ids'
    // listening one, search/withheld-ids.ts) outlived it in the shared process and ran out of the bundled
    // PostgreSQL's connections (« too many clients »). The long files, and those that change the process, each have
    // a process of their own (isolatedFiles). A file gets its own database clone, app and search index (tests/setup/);
    // a clone or app made in a test is closed when that test ends, one made in a beforeAll after the file, and the
    // bundled test server allows 300 connections (setup/global.ts): two files held up to 82 together. CI runs twelve
    // files again on the machine's PostgreSQL (DATABASE_URL, 100 connections), two at a time (.ci/run).
    maxWorkers: 2,
    projects: [
      { test: { ...common, name: 'isolated', include: isolatedFiles, isolate: true } },
      {
        test: {
          ...common,
          name: 'shared',
          include: ['tests/**/*.test.ts'],
          // The fault suite runs on its own (vitest.faults.config.ts).
          exclude: [...isolatedFiles, 'tests/faults/**', '**/node_modules/**'],
          isolate: false,
        },
      },
    ],
    // The longest files first (their durations in a full run, tests/setup/durations.json; `npm run test:durations`
    // writes it again), so that the two workers end together. Vitest's own order (failed first, then longest in its
    // cache, else largest file) has no cache in a fresh clone (CI) and goes by size, which says little of a file's
    // length: tests/import/cli.test.ts (265 lines, its CLIs in their own node) was the longest file of a run and
    // started 36th, tests/listing/scale.test.ts 53rd, tests/http/fuzz.test.ts 47th. The per-file fixed cost is the
    // fresh process (modules loaded again, app built, contract schemas compiled): see tests/README.md.
    sequence: { sequencer: LongestFirstSequencer },
  },
});
