// The order in which `npm test` starts its files: the longest first, so that the two workers (vitest.config.ts)
// finish together instead of one running a two-minute file alone at the end. A file's length is what
// durations.json says it took in a full run (its tests and hooks, in ms); a file not listed there (a new one) is
// estimated from its size at the listed files' average rate of milliseconds per byte. `npm run test:durations`
// writes durations.json again from a full run.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** durations.json: the repository-relative path of each test file and its duration in a full run, in ms. */
export const durationsFile = path.resolve(import.meta.dirname, 'durations.json');

/** Longest first by recorded duration (size-estimated for unlisted files), ties in path order. */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const recorded: Record<string, number> = JSON.parse(await readFile(durationsFile, 'utf8'));
    const root = this.ctx.config.root;
    const key = (spec: TestSpecification) => path.relative(root, spec.moduleId).split(path.sep).join('/');
    const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
    const listed = files.filter((f) => recorded[key(f)] !== undefined);
    const listedMs = listed.reduce((sum, f) => sum + (recorded[key(f)] ?? 0), 0);
    const listedBytes = listed.reduce((sum, f) => sum + size(f), 0);
    const msPerByte = listedBytes ? listedMs / listedBytes : 1;
    const length = new Map(files.map((f) => [f, recorded[key(f)] ?? size(f) * msPerByte]));
    return [...files].sort((a, b) => (length.get(b) ?? 0) - (length.get(a) ?? 0) || key(a).localeCompare(key(b)));
  }
}
