// `npm run test:durations`: writes tests/setup/durations.json (read by sequencer.ts) from the JSON report of a full
// run, each file's duration in ms (its end minus its start), longest first.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { durationsFile } from './sequencer.js';

const report = process.argv[2];
if (!report) throw new Error('usage: tsx tests/setup/write-durations.ts <vitest JSON report>');
const { testResults } = JSON.parse(await readFile(report, 'utf8')) as {
  testResults: { name: string; startTime: number; endTime: number }[];
};
const root = path.resolve(import.meta.dirname, '../..');
const durations = testResults
  .map((r) => [path.relative(root, r.name).split(path.sep).join('/'), Math.round(r.endTime - r.startTime)] as const)
  .sort((a, b) => b[1] - a[1]);
await writeFile(durationsFile, `${JSON.stringify(Object.fromEntries(durations), null, 2)}\n`);
console.log(`${durations.length} files written to ${path.relative(root, durationsFile)}`);
