import { asc, eq } from 'drizzle-orm';
import { citationsOf, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { mandataires, proceedingPractitioners, proceedings } from '../../db/schema/index.js';
import type { Hotline } from '../../db/schema/mandataires.js';
import { displayPhone } from '../../domain/identifiers.js';
import { summaryReader } from '../../listing/summaries.js';
import { rolesIn } from '../people/queries.js';
import { proceedingOrder, proceedingRef } from '../proceedings/queries.js';
import { mandataireListing } from './filters.js';

const summaries = summaryReader(mandataireListing, [{ as: 'firm', column: mandataires.firm_id, table: mandataires }]);

/** One mandataire in detail, or null. */
async function getMandataire(db: Db, id: string) {
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
      .select({ ...proceedingRef, role: proceedingPractitioners.role })
      .from(proceedingPractitioners)
      .innerJoin(proceedings, eq(proceedings.id, proceedingPractitioners.proceeding_id))
      .where(eq(proceedingPractitioners.mandataire_id, id))
      .orderBy(...proceedingOrder),
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

/** Mandataires as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const mandataireReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: getMandataire,
};
