// `npm start` and the CLIs' npm scripts: builds dist/ when src/ changed since the last build
// (scripts/build-if-stale.mjs), then runs one entry of the bundle in this same process: dist/server.js (the API) by
// default, or `node scripts/start.mjs <cli>` for dist/cli-<cli>.js (src/cli/<cli>.ts: reindex, import…), its own
// arguments following. One Node process instead of two: a `prestart` script would be a shell and a Node of its own,
// tens of milliseconds of every start; Node's flags (`--max-old-space-size`) given to this process apply to the
// entry. Plain JavaScript, since it runs before anything is compiled.

import { cliEntries } from './build.mjs';
import { buildIfStale } from './build-if-stale.mjs';

const [, , first] = process.argv;
const cli = first !== undefined && cliEntries.includes(first) ? first : null;
// The CLI reads its arguments from process.argv.slice(2), as when run directly.
if (cli) process.argv.splice(2, 1);

const code = await buildIfStale();
if (code !== 0) process.exit(code);
await import(cli ? `../dist/cli-${cli}.js` : '../dist/server.js');
