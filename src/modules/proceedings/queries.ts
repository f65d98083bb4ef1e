import { type SQL, sql } from 'drizzle-orm';
import { type CitationShown, confirmedLists } from '../../citations/queries.js';
import { jsonList, requestedId } from '../../db/json.js';
import {
  appointmentRoleKey,
  currentAppointment,
  mandataires,
  operators,
  proceedingNotices,
  proceedingPractitioners,
  proceedingSites,
  proceedings,
  sites,
} from '../../db/schema/index.js';
import { shown } from '../../db/withheld.js';
import { type Summary, summaryReader } from '../../listing/summaries.js';
import { proceedingListing } from './filters.js';

/** A proceeding as another entry's detail lists it (a site's, an operator's, a practitioner's). */
export const proceedingRef = {
  id: proceedings.id,
  company_name: proceedings.company_name,
  kind: proceedings.kind,
  date: proceedings.date,
};

/**
 * How an appointment ended, as the lists of practitioners give it: the date, and the BODACC notice that replaced them
 * with its source and the words naming the replacement (`ended_quote`); null for a current appointment, and, but the
 * date, for one a write ended (its link's own citation states the end).
 */
export const appointmentEndFields = {
  ended_on: proceedingPractitioners.ended_on,
  ended_notice_id: proceedingPractitioners.ended_notice_id,
  ended_source_id: sql<string | null>`(select n.source_id from ${proceedingNotices} n
    where n.id = ${proceedingPractitioners.ended_notice_id} limit 1)`,
  ended_quote: proceedingPractitioners.ended_quote,
};

/** The order of the proceedings a detail lists: oldest first. */
export const proceedingOrder: SQL = sql`${proceedings.date}, ${proceedings.id}`;

const summaries = summaryReader(proceedingListing, [
  { as: 'operator', column: proceedings.operator_id, table: operators },
  { as: 'acquirer', column: proceedings.acquirer_id, table: operators },
]);

/** A proceeding, its practitioners, the sites it concerns and its citations, read in one statement. */
const detail = summaries.detail<Summary & { citations: CitationShown[]; last_confirmed: Record<string, string> }>({
  practitioners: jsonList(
    {
      id: mandataires.id,
      name: mandataires.name,
      role: proceedingPractitioners.role,
      appointed_on: proceedingPractitioners.appointed_on,
      powers: proceedingPractitioners.powers,
      notice_id: proceedingPractitioners.notice_id,
      source_id: proceedingPractitioners.source_id,
      quote: proceedingPractitioners.quote,
      ...appointmentEndFields,
    },
    sql`from ${proceedingPractitioners} join ${mandataires} on ${mandataires.id} = ${proceedingPractitioners.mandataire_id}
         where ${proceedingPractitioners.proceeding_id} = ${requestedId} and ${shown(mandataires)}`,
    // Current appointments first, then the former ones, latest ended first; one practitioner's appointments in two
    // roles each listed, the earlier appointed first.
    sql`not ${currentAppointment()}, ${proceedingPractitioners.ended_on} desc nulls last,
      ${mandataires.name}, ${mandataires.id}, ${proceedingPractitioners.appointed_on} nulls last, ${appointmentRoleKey()}`,
  ),
  sites: jsonList(
    { id: sites.id, name: sites.name, commune: sites.commune, status: sites.status },
    sql`from ${proceedingSites} join ${sites} on ${sites.id} = ${proceedingSites.site_id}
         where ${proceedingSites.proceeding_id} = ${requestedId} and ${shown(sites)}`,
    sql`${sites.name}`,
  ),
  // The current notices: those no annulation, rectificatif or rétractation withdrew, annulations left out.
  notices: jsonList(
    {
      id: proceedingNotices.id,
      publication: proceedingNotices.publication,
      parution: proceedingNotices.parution,
      number: proceedingNotices.number,
      published_on: sql`${proceedingNotices.published_on}::text`,
      notice_type: proceedingNotices.notice_type,
      family: proceedingNotices.family,
      nature: proceedingNotices.nature,
      effect: proceedingNotices.effect,
      judgment_date: proceedingNotices.judgment_date,
      court: proceedingNotices.court,
      url: proceedingNotices.url,
      source_id: proceedingNotices.source_id,
    },
    sql`from ${proceedingNotices} where ${proceedingNotices.proceeding_id} = ${requestedId}
         and ${proceedingNotices.withdrawn_by} is null and ${proceedingNotices.notice_type} <> 'annulation'`,
    sql`coalesce(${proceedingNotices.judgment_date}, ${proceedingNotices.published_on}::text), ${proceedingNotices.published_on}, ${proceedingNotices.id}`,
  ),
  ...confirmedLists('proceeding_id'),
});

/** The statement that reads a proceeding in detail (its `$1` is the id), for benchmarks. */
export const proceedingDetailStatement = detail.text;

/** Proceedings as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const proceedingReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: detail.run,
  getJson: detail.runJson,
};
