// Who is a natural person (a sole trader, whose company's name is his own) when Sirene says one of his
// establishments is not to be published (statutDiffusion P of a SIRET alone): Sirene's legal category 1000
// (`categorieJuridiqueUniteLegale`), or a BODACC notice of his SIREN that says so (`typePersonne` « pp »,
// `proceeding_notices.natural_person`) for one no stock classified. The one rule of both imports: BODACC's leaves such
// a person out (bodacc/import.ts), Sirene's withholds what BODACC made of him (sirene/import.ts), whichever came first.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** Whether the operator of the SQL row `operator` (an alias: `o`) is a natural person (see above). */
export const naturalPersonOperator = (operator: SQL) => sql`(${operator}.legal_category = '1000'
  or exists (select 1 from proceeding_notices np where np.siren = ${operator}.siren and np.natural_person))`;

/** Those of `sirens` that are natural persons (see above): an operator's legal category, or a stored notice. */
export async function naturalPersonSirens(db: Db, sirens: readonly string[]): Promise<Set<string>> {
  if (!sirens.length) return new Set();
  const list = sql`${sql.param([...sirens])}::text[]`;
  const rows = await db.execute<{ siren: string }>(sql`
    select siren from operators where legal_category = '1000' and siren = any(${list})
    union select siren from proceeding_notices where natural_person and siren = any(${list})`);
  return new Set(rows.map((r) => r.siren));
}
