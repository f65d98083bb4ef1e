import { asc, eq } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { mandataires, proceedingPractitioners, proceedings } from '../../db/schema/index.js';
import type { Hotline } from '../../db/schema/mandataires.js';
import { displayPhone } from '../../domain/identifiers.js';
import { summaryReader } from '../../listing/summaries.js';
import { rolesIn } from '../people/queries.js';
import { mandataireFilters, mandataireSorts } from './filters.js';

// The kind's table, filters and sorts, as its list reads them (not ./kind.ts, which imports the routes).
const summaries = summaryReader({ table: mandataires, filters: mandataireFilters, sorts: mandataireSorts }, [
  { as: 'firm', column: mandataires.firm_id, table: mandataires },
]);

/** One page of mandataires: the filters given, in the sort asked. */
export const listMandataires = summaries.list;

/** Summaries of the given mandataires (any order). */
export const mandatairesByIds = summaries.byIds;

export async function getMandataire(db: Db, id: string) {
  const row = await summaries.one(db, id);
  if (!row) return null;
  const [members, people, handled, citations] = await Promise.all([
    db
      .select({ id: mandataires.id, name: mandataires.name })
      .from(mandataires)
      .where(eq(mandataires.firm_id, id))
      .orderBy(asc(mandataires.name)),
    rolesIn(db, 'mandataire_id', id),
    db
      .select({
        id: proceedings.id,
        company_name: proceedings.company_name,
        kind: proceedings.kind,
        date: proceedings.date,
        role: proceedingPractitioners.role,
      })
      .from(proceedingPractitioners)
      .innerJoin(proceedings, eq(proceedings.id, proceedingPractitioners.proceeding_id))
      .where(eq(proceedingPractitioners.mandataire_id, id))
      .orderBy(asc(proceedings.date), asc(proceedings.id)),
    citationsOf(db, 'mandataire_id', id),
  ]);
  const hotline = row.hotline as Hotline | null;
  return {
    ...row,
    phone_national: typeof row.phone === 'string' ? displayPhone(row.phone) : null,
    hotline: hotline ? { ...hotline, phone_national: displayPhone(hotline.phone) } : null,
    members,
    people,
    proceedings: handled,
    citations,
    last_confirmed: lastConfirmed(citations),
  };
}
