// The worker thread of `npm run import` (src/cli/import.ts, src/import/worker.ts): reads the file and checks its rows
// with the importer of the kind, on a connection of its own, while the main thread stages and applies them. Started
// before the main thread readies the database: its modules, and the geography when the kind has a place, are loaded
// meanwhile. Bundled as dist/cli-import-check.js beside dist/cli-import.js (scripts/build.mjs).
import { connect } from '../db/client.js';
import { placeFieldNames } from '../domain/place-input.js';
import { geography } from '../geo/index.js';
import { kindImporter } from '../import/importer.js';
import { readRows } from '../import/read.js';
import { checkRows } from '../import/run.js';
import { serveChecks, startData } from '../import/worker.js';
import { findKind } from '../kinds.js';

/** What the main thread hands the worker when it starts it: the kind's plural (`--kind`). */
export interface ImportCheckStart {
  kind: string;
}

/** What it hands it for each file to check. */
export interface ImportCheckData {
  databaseUrl: string;
}

const kind = findKind(startData<ImportCheckStart>().kind);
// A kind with a place checks it against the reference geography: loaded now, before the first row comes.
if (kind && placeFieldNames.every((f) => f in kind.writes.createBody.shape)) geography();

serveChecks(async function* (read, data) {
  if (!kind) throw new Error(`no kind '${startData<ImportCheckStart>().kind}'`);
  // The look-ups of a chunk of rows run while the chunk before is checked (which may look up more).
  const database = connect((data as ImportCheckData).databaseUrl, { max: 2 });
  try {
    const importer = await kindImporter(database.db, kind);
    yield* checkRows(importer, () =>
      readRows(read.file, read.format, { layout: read.layout, encoding: read.encoding }),
    );
  } finally {
    await database.close();
  }
});
