import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type CitationShown, citationList, lastConfirmed } from '../../citations/queries.js';
import type { Db } from '../../db/client.js';
import { jsonObject, requestedId, type SnapshotSeen } from '../../db/json.js';
import {
  appointmentRoleKey,
  citations,
  currentAppointment,
  mandataires,
  proceedingNotices,
  proceedingPractitioners,
  proceedings,
} from '../../db/schema/index.js';
import type { Hotline } from '../../db/schema/mandataires.js';
import { shown, shownId } from '../../db/withheld.js';
import { displayPhone } from '../../domain/identifiers.js';
import { boundedList, listOrder } from '../../listing/embedded.js';
import { parentFilter, statusFilter } from '../../listing/filters.js';
import { type Summary, summaryReader } from '../../listing/summaries.js';
import { roleList } from '../people/queries.js';
import { mandataireFilter, proceedingListing } from '../proceedings/filters.js';
import { appointmentEndFields, proceedingRef } from '../proceedings/queries.js';
import { mandataireListing } from './filters.js';
import { hotlineSchema } from './schemas.js';

const summaries = summaryReader(mandataireListing, [{ as: 'firm', column: mandataires.firm_id, table: mandataires }]);

/** The practitioner appointed in a proceeding a mandataire's entry lists: itself, or a member of the firm. */
const appointed = alias(mandataires, 'appointed');

/** An appointment as a mandataire's entry lists it: the proceeding, the role, and who of the firm holds it. */
const appointmentFields = {
  ...proceedingRef,
  // A withheld operator is named by no public read: its id reads null here, as a summary's reference does.
  operator_id: sql`case when ${shownId('operators', sql`${proceedings.operator_id}`)} then ${proceedings.operator_id} end`,
  role: proceedingPractitioners.role,
  appointed_on: proceedingPractitioners.appointed_on,
  closed_on: proceedings.closed_on,
  practitioner: jsonObject({ id: appointed.id, name: appointed.name }),
  // What says they were appointed: the designating notice, its words, its source (as the proceeding's own list).
  notice_id: proceedingPractitioners.notice_id,
  source_id: proceedingPractitioners.source_id,
  quote: proceedingPractitioners.quote,
};
const appointmentsFrom = sql`from ${proceedingPractitioners} join ${proceedings} on ${proceedings.id} = ${proceedingPractitioners.proceeding_id}
         join ${mandataires} as ${sql.identifier('appointed')} on ${appointed.id} = ${proceedingPractitioners.mandataire_id}`;
/** The appointments of the requested mandataire (a firm: of its members), shown. */
const appointmentsOf = sql`(${appointed.id} = ${requestedId} or ${appointed.firm_id} = ${requestedId}) and ${shown(mandataires, 'appointed')}
      and ${shown(proceedings)}`;
/** An appointment: a practitioner in a proceeding in one role (they may hold two there: mandataire, then liquidateur). */
const appointmentKey = [
  proceedingPractitioners.proceeding_id,
  proceedingPractitioners.mandataire_id,
  appointmentRoleKey(),
] as const;

/**
 * A current mandate: an appointment no later judgment ended (`currentAppointment`) in a proceeding not closed. The
 * clôture ends the mandates of its proceeding: they are then former ones (`ended_by` closure), kept with their dates.
 */
const currentMandate = sql`(${currentAppointment()} and ${proceedings.closed_on} is null)`;

/**
 * How a former appointment ended, as `former_proceedings` gives it: `later_judgment` (a later judgment replaced or
 * discharged them, or a write stated the end: `appointmentEndFields`) or `closure` (the proceeding was closed while
 * they held it: its `closed_on`, its current clôture notice, and the words and source the proceeding's
 * `closure_nature` is cited by, else its `closed_on`'s, such as a write's).
 */
const replaced = sql`not ${currentAppointment()}`;
const closureCitation = (column: 'source_id' | 'quote') =>
  sql`(select ${sql.identifier(column)} from ${citations} c where c.proceeding_id = ${proceedings.id}
        and c.fields && array['closure_nature', 'closed_on']::text[]
        order by 'closure_nature' = any(c.fields) desc, c.id desc limit 1)`;
const closingNotice = sql`(select n.id from ${proceedingNotices} n where n.proceeding_id = ${proceedings.id}
    and n.withdrawn_by is null and n.notice_type <> 'annulation' and n.effect = 'closure'
    and coalesce(n.judgment_date, n.published_on::text) = ${proceedings.closed_on}
    order by n.published_on, n.id limit 1)`;
const formerEndFields = {
  ended_by: sql<string>`case when ${replaced} then 'later_judgment' else 'closure' end`,
  ended_on: sql`case when ${replaced} then ${appointmentEndFields.ended_on} else ${proceedings.closed_on} end`,
  ended_notice_id: sql`case when ${replaced} then ${appointmentEndFields.ended_notice_id} else ${closingNotice} end`,
  ended_source_id: sql`case when ${replaced} then ${appointmentEndFields.ended_source_id}
    else ${closureCitation('source_id')} end`,
  ended_quote: sql`case when ${replaced} then ${appointmentEndFields.ended_quote} else ${closureCitation('quote')} end`,
};

/**
 * A mandataire, its firm's members, its people, the proceedings it handles (a firm: those its members are appointed
 * in; current mandates and former ones apart: replaced by a later judgment, or of a proceeding since closed) and its citations, in one statement. Members and proceedings can grow without bound: the first `embeddedLimit`
 * of each, their totals and their lists' URLs (listing/embedded.ts).
 */
const detail = summaries.detail<Summary & { citations: CitationShown[] }>({
  ...boundedList('members', {
    fields: { id: mandataires.id, name: mandataires.name },
    from: sql`from ${mandataires}`,
    where: sql`${mandataires.firm_id} = ${requestedId} and ${shown(mandataires)}`,
    key: [mandataires.id],
    order: listOrder(mandataireListing, 'name'),
    list: { listing: mandataireListing, filter: parentFilter },
  }),
  people: roleList('mandataire_id'),
  // The current mandates (proceedings open), the latest (opened, then appointed) first; the list's URL is the
  // `mandataire` filter with `status=open`, sorted by date, latest first.
  ...boundedList('proceedings', {
    fields: appointmentFields,
    from: appointmentsFrom,
    where: sql`${appointmentsOf} and ${currentMandate}`,
    key: appointmentKey,
    order: sql`${proceedings.date} desc nulls last,
      ${proceedingPractitioners.appointed_on} desc nulls last, ${proceedings.id}, ${appointed.id}, ${appointmentRoleKey()}`,
    // A proceeding two of a firm's members are appointed in, or one practitioner in two roles, is listed once per
    // appointment, counted once, as the list counts it.
    count: sql`count(distinct ${proceedings.id})`,
    list: {
      listing: proceedingListing,
      filter: mandataireFilter,
      sort: '-date',
      also: [{ filter: statusFilter, value: 'open' }],
    },
  }),
  // The former ones: replaced by a later judgment, or held until the proceeding closed; latest ended first. No list
  // filters the replaced ones (those of closed proceedings: the `mandataire` filter with `status=closed`).
  ...boundedList('former_proceedings', {
    fields: {
      ...appointmentFields,
      ...formerEndFields,
    },
    from: appointmentsFrom,
    where: sql`${appointmentsOf} and not ${currentMandate}`,
    key: appointmentKey,
    order: sql`${formerEndFields.ended_on} desc nulls last, ${proceedings.id}, ${appointed.id}, ${appointmentRoleKey()}`,
  }),
  citations: citationList('mandataire_id'),
});

/**
 * A stored hotline in its schema's order, its number as the French dial it beside it: the stored jsonb orders its keys
 * by length (`closed_on` before `opened_on`), which the page would show as is.
 */
function hotlineInOrder(hotline: Hotline) {
  const { phone, ...figures } = Object.fromEntries(
    Object.keys(hotlineSchema.shape).map((key) => [key, hotline[key as keyof Hotline] ?? null]),
  ) as unknown as Hotline;
  return { phone, phone_national: displayPhone(phone), ...figures };
}

/**
 * One mandataire in detail, or null: one round trip (one statement, whose snapshot is set in `seen`); its phones also
 * as the French dial them.
 */
async function getMandataire(db: Db, id: string, seen?: SnapshotSeen) {
  const row = await detail.run(db, id, seen);
  if (!row) return null;
  const { members, people, proceedings: handled, former_proceedings: former, citations, ...head } = row;
  const hotline = row.hotline as Hotline | null;
  return {
    ...head,
    phone_national: typeof row.phone === 'string' ? displayPhone(row.phone) : null,
    hotline: hotline ? hotlineInOrder(hotline) : null,
    members,
    people,
    proceedings: handled,
    former_proceedings: former,
    citations,
    last_confirmed: lastConfirmed(citations),
  };
}

/** The statement that reads a mandataire in detail (its `$1` is the id), for benchmarks. */
export const mandataireDetailStatement = detail.text;

/** Mandataires as the routes read them: a page of the list, summaries by id (search hits), one in detail. */
export const mandataireReads = {
  list: summaries.list,
  exportRows: summaries.exportRows,
  byIds: summaries.byIds,
  get: getMandataire,
};
