// Courts stored before they were written one way (domain/courts.ts `normaliseCourt`: « GREFFE DU TRIBUNAL DE
// COMMERCE DE NIMES », « Tribunal de commerce de Nimes » are « Tribunal de commerce de Nîmes ») are rewritten at start,
// after the SQL migrations: the writing needs the reference communes, which SQL has not. Idempotent (a court written
// so is written so again), and cheap when there is nothing to do: the distinct courts are read through the court's
// index, one probe each (a few hundred courts, whatever the number of proceedings). A change of `normaliseCourt`
// rewrites the courts it writes otherwise at the next start, without a migration of its own.
import type postgres from 'postgres';
import { normaliseCourt } from '../../domain/courts.js';
import { loadGeography } from '../../geo/index.js';

/**
 * The proceedings' courts as `normaliseCourt` writes them: each court written otherwise rewritten, the version of the
 * proceedings it changes raised (their detail changed: a client's ETag of the old one is no longer current). The
 * search document already writes the court so (search/documents.ts): nothing to index again. Returns the number of
 * proceedings changed. Run it under the migration lock (src/database.ts).
 */
export async function upgradeLegacyCourts(sql: postgres.Sql): Promise<number> {
  // A loose index scan of `proceedings_court_idx`: the next court after the last one, until none is left.
  const courts = await sql<{ court: string }[]>`
    with recursive c(court) as (
      (select court from proceedings where court is not null order by court limit 1)
      union all
      select (select p.court from proceedings p where p.court > c.court order by p.court limit 1)
        from c where c.court is not null
    )
    select court from c where court is not null`;
  if (!courts.length) return 0;
  // Built in slices (a server loads it while its engines start, and finds it built).
  await loadGeography();
  let changed = 0;
  for (const { court } of courts) {
    const written = normaliseCourt(court);
    if (written === null || written === court) continue;
    const rows = await sql`update proceedings set court = ${written}, version = version + 1 where court = ${court}`;
    changed += rows.count;
  }
  return changed;
}
