// The import tests' common ground (tests/import/): the source their rows cite, a row of sites as a spreadsheet
// writes it, and `npm run import` run as a user runs it, over the test file's own database clone.
import { writeFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { sites } from '../../src/db/schema/index.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { runCli } from './cli.js';

/** A source of the seed the imported rows cite, and a quote of it. */
export const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
export const quote = 'IPG Contacts Services est une deuxième entité';
/** Who the tests' imports are written by. */
export const actor = { keyId: null, name: 'test', scope: 'write' } as const;

/** The header of a CSV of sites, `;`-separated as a French spreadsheet saves it. */
export const header = 'id;name;operator_id;commune;status;closed_on;citation_source;citation_quote';
/** A valid row under `header`: an open site `id` of IPG in `commune`, named `Plateau <commune> <id>`, cited. */
export const good = (id: string, commune: string) =>
  // Named with its id: two entries of the same words are one (a duplicate, 409), whatever their ids.
  `${id};Plateau ${commune} ${id};ipg-contacts-services;${commune};open;;${source};${quote}`;

/** How many sites of `db` have an id starting with `prefix`. */
export const sitesLike = async (db: Db, prefix: string) =>
  Number(
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(sites)
        .where(sql`${sites.id} like ${`${prefix}%`}`)
    )[0]!.n,
  );

/** `npm run import -- <args>` (src/cli/import.ts in its own node) on the database of `databaseUrl`. */
export const importCli = (databaseUrl: string, ...args: string[]) =>
  runCli('import.ts', args, { DATABASE_URL: databaseUrl });

/**
 * `runImport` of `file` (CSV unless `format` says otherwise) into `plural` (sites by default) as the test actor, with
 * the importer's other options (`dryRun`, `skipInvalid`): its summary.
 */
export async function importFile(
  db: Db,
  file: string,
  options: { plural?: string; format?: 'csv' | 'json' | 'jsonl'; dryRun?: boolean; skipInvalid?: boolean } = {},
) {
  const { plural = 'sites', format = 'csv', ...rest } = options;
  return runImport(db, await kindImporter(db, findKind(plural)!), { file, format, actor, ...rest });
}

/**
 * `runImport` in a dry run under --skip-invalid of `rows`, written as JSON lines to `file`, into `plural` (sites by
 * default): each rejected row as `[line, errors]`, in order.
 */
export async function dryRunRejections(db: Db, file: string, rows: object[], plural = 'sites') {
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  const summary = await importFile(db, file, { plural, format: 'jsonl', skipInvalid: true, dryRun: true });
  return summary.rejected.map((r) => [r.line, r.errors]);
}
