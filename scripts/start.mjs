// `npm start`: builds dist/ when src/ changed since the last build (scripts/build-if-stale.mjs), then runs the API
// from it, dist/server.js, in this same process. One Node process instead of two: a `prestart` script would be a
// shell and a Node of its own, tens of milliseconds of every start. Plain JavaScript, since it runs before anything
// is compiled.
import { buildIfStale } from './build-if-stale.mjs';

const code = await buildIfStale();
if (code !== 0) process.exit(code);
await import('../dist/server.js');
