// Courts stored before they were written one way (domain/courts.ts `normaliseCourt`: « GREFFE DU TRIBUNAL DE
// COMMERCE DE NIMES », « Tribunal de commerce de Nimes » are « Tribunal de commerce de Nîmes ») are rewritten at start,
// after the SQL migrations: the writing needs the reference communes, which SQL has not. Every stored court column
// is (`courtColumns`): the proceedings' and their notices' (a notice's `court_as_written` keeps the notice's words).
// Idempotent (a court written so is written so again), and cheap when there is nothing to do: each column's distinct
// courts are read through its index, one probe each (a few hundred courts, whatever the number of rows). A change of
// `normaliseCourt` rewrites the courts it writes otherwise at the next start, without a migration of its own.
import type postgres from 'postgres';
import { normaliseCourt } from '../../domain/courts.js';
import { loadGeography } from '../../geo/index.js';

/**
 * The stored courts, each a table whose `court` column has an index (the loose scan reads it), and the SQL that
 * rewrites one court there (`from` → `to`), raising the version of the proceedings whose detail it changes (a
 * notice's court is shown in its proceeding's detail: a client's ETag of the old one is no longer current).
 */
const courtColumns: readonly {
  table: string;
  rewrite: (sql: postgres.Sql, from: string, to: string) => Promise<number>;
}[] = [
  {
    table: 'proceedings',
    rewrite: async (sql, from, to) =>
      (await sql`update proceedings set court = ${to}, version = version + 1 where court = ${from}`).count,
  },
  {
    table: 'proceeding_notices',
    rewrite: async (sql, from, to) => {
      // One statement, whatever the number of notices: their proceedings raised from the rows it changed.
      const [row] = await sql<{ n: number }[]>`
        with changed as (
          update proceeding_notices set court = ${to} where court = ${from} returning proceeding_id
        ), raised as (
          update proceedings set version = version + 1 where id in (select proceeding_id from changed) returning id
        )
        select count(*)::int as n from changed`;
      return row?.n ?? 0;
    },
  },
];

/**
 * Every stored court (`courtColumns`: the proceedings', their notices') as `normaliseCourt` writes it: each court
 * written otherwise rewritten, the version of the proceedings whose detail it changes raised. The search document
 * already writes the court so (search/documents.ts): nothing to index again. Returns the number of rows changed (of
 * either table). Run it under the migration lock (src/database.ts).
 */
export async function upgradeLegacyCourts(sql: postgres.Sql): Promise<number> {
  let changed = 0;
  for (const { table, rewrite } of courtColumns) {
    // A loose index scan of the column's index: the next court after the last one, until none is left.
    const courts = await sql<{ court: string }[]>`
      with recursive c(court) as (
        (select court from ${sql(table)} where court is not null order by court limit 1)
        union all
        select (select t.court from ${sql(table)} t where t.court > c.court order by t.court limit 1)
          from c where c.court is not null
      )
      select court from c where court is not null`;
    if (!courts.length) continue;
    // Built in slices (a server loads it while its engines start, and finds it built).
    await loadGeography();
    for (const { court } of courts) {
      const written = normaliseCourt(court);
      if (written === null || written === court) continue;
      changed += await rewrite(sql, court, written);
    }
  }
  return changed;
}
