import { eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { appointmentRoleKey, sources } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { shown, withholdingTables } from '../../db/withheld.js';
import type { CitedKind } from '../../kind.js';
import { cursorKeysOf } from '../../listing/cursor-keys.js';
import { embeddedLimit } from '../../listing/embedded.js';
import { type ExportColumns, exportSelect } from '../../listing/export-rows.js';
import { fixedOrderCursor, readFixedOrderCursor } from '../../listing/pagination.js';
import { type ListRequest, listEntries } from '../../listing/query.js';
import { sourceListing } from './filters.js';
import type { factKinds } from './schemas.js';

/** One page of sources, in the sort asked (sourceSorts). */
export async function listSources(db: Db, query: ListRequest) {
  const page = await listEntries(db, query, sourceListing, (sort_value) =>
    db.select({ ...getTableColumns(sources), sort_value }).from(sources),
  );
  return { ...page, rows: page.rows.map(toSummary) };
}

/** The one query of the export of every source, oldest first (sources have no filter). */
export function exportSources(_query: object, columns: ExportColumns) {
  return exportSelect(sources, [], undefined, columns);
}

function toSummary(row: typeof sources.$inferSelect) {
  const { file: _, ...rest } = isoTimestamps(row);
  return rest;
}

/** One row of what cites a source, as its detail and its list give it (`SourceCitation`). */
export interface CitedBy {
  subject_kind: string;
  subject_id: string;
  subject_name: string;
  fact: (typeof factKinds)[number] | null;
  quote: string;
  fields: string[];
  recorded_at: string | null;
}

/** A row of what cites a source, with its place in their order (`rank`, then `n` descending, then `tiebreak`). */
type CitedRow = CitedBy & { rank: number; n: number; tiebreak: string };

/** Where a page of what cites a source starts: after the row of this rank, number and tiebreak. */
interface CitedPosition {
  rank: number;
  n: number;
  tiebreak: string;
}

/**
 * One part of what cites a source: the citations of entries (rank 0), then each kind of sourced fact (ranks 1 to 5).
 * `select` gives the columns of `CitedRow` for the rows of the source (withheld entries left out); `order` is the
 * part's order (its index's: `n` descending, or the practitioner link's two ids); `after` the keyset condition of a
 * position in the same rank.
 */
interface CitedPart {
  rank: number;
  select: SQL;
  order: SQL;
  after: (position: CitedPosition) => SQL;
  /** How many rows `select` gives, when there is a cheaper way than counting them (default: counting them). */
  count?: SQL;
}

/** After `n` in a part numbered by a serial id, latest first. */
const beforeId = (column: SQL) => (p: CitedPosition) => sql`${column} < ${p.n}`;

/**
 * The parts of what cites source `sourceId` (its id, or a column of an outer query: `sources.id`), in rank order: the
 * citations of entries of `kinds`, then the facts.
 */
function citedParts(sourceId: string | SQL, kinds: readonly CitedKind[]): CitedPart[] {
  // One scan of the source's citations, latest recorded first (citations_source_idx), each joined to its subject.
  const alias = (i: number) => sql.identifier(`t${i}`);
  const column = (kind: CitedKind) => sql`c.${sql.identifier(kind.citationColumn)}`;
  const each = (make: (kind: CitedKind, i: number) => SQL, separator: SQL) => sql.join(kinds.map(make), separator);
  const citationsPart: CitedPart = {
    rank: 0,
    select: sql`
      select case ${each((k) => sql`when ${column(k)} is not null then ${k.name}::text`, sql` `)} end as subject_kind,
             coalesce(${each(column, sql`, `)}) as subject_id,
             coalesce(${each((k, i) => sql`${alias(i)}.${sql.identifier(k.nameColumn)}::text`, sql`, `)}) as subject_name,
             null::text as fact, c.quote, c.fields, to_json(c.added_at) #>> '{}' as recorded_at,
             0 as rank, c.id as n, '' as tiebreak
        from citations c
        ${each(
          (k, i) => sql`left join ${sql.identifier(k.tableName)} ${alias(i)} on ${alias(i)}.id = ${column(k)}`,
          sql` `,
        )}
       where c.source_id = ${sourceId}
         and ${each((k, i) => sql`(${column(k)} is null or ${shown(k.tableName, `t${i}`)})`, sql` and `)}`,
    order: sql`c.id desc`,
    after: beforeId(sql`c.id`),
    // The source's citations (an index-only scan of citations_source_idx) less those of withheld entries (read from
    // the few withheld ids, `<table>_withheld_idx`), rather than a look-up of each cited entry: a million in 0.1 s.
    count: sql`(select count(*) from citations c where c.source_id = ${sourceId})${sql.join(
      kinds
        .filter((k) => withholdingTables.has(k.tableName))
        .map(
          (k) => sql` - (select count(*) from citations c join ${sql.identifier(k.tableName)} w on w.id = ${column(k)}
                where c.source_id = ${sourceId} and not ${shown(k.tableName, 'w')})`,
        ),
    )}`,
  };
  const fact = (rank: number, select: SQL, id: SQL): CitedPart => ({
    rank,
    select,
    order: sql`${id} desc`,
    after: beforeId(id),
  });
  return [
    citationsPart,
    fact(
      1,
      sql`
      select case when h.site_id is not null then 'site' else 'operator' end, coalesce(h.site_id, h.operator_id),
             coalesce(s.name, o.name), 'headcount', h.quote, '{}'::text[], null::text, 1, h.id, ''
        from headcounts h left join sites s on s.id = h.site_id left join operators o on o.id = h.operator_id
       where h.source_id = ${sourceId} and coalesce(${shown('sites', 's')}, ${shown('operators', 'o')})`,
      sql`h.id`,
    ),
    fact(
      2,
      sql`
      select 'person', pe.id, pe.name, 'role', r.quote, '{}'::text[], null::text, 2, r.id, ''
        from roles r join people pe on pe.id = r.person_id where r.source_id = ${sourceId}`,
      sql`r.id`,
    ),
    fact(
      3,
      sql`
      select 'site', s.id, s.name, 'client', sc.quote, '{}'::text[], null::text, 3, sc.id, ''
        from site_clients sc join sites s on s.id = sc.site_id
       where sc.source_id = ${sourceId} and ${shown('sites', 's')}`,
      sql`sc.id`,
    ),
    fact(
      4,
      sql`
      select 'club', cl.id, cl.name, 'affiliation', ca.quote, '{}'::text[], null::text, 4, ca.id, ''
        from club_affiliations ca join clubs cl on cl.id = ca.club_id where ca.source_id = ${sourceId}`,
      sql`ca.id`,
    ),
    {
      // A practitioner's appointment has no number: by proceeding, practitioner, then role (pp_source_idx: one
      // practitioner may hold two roles in a proceeding, each its own appointment); its tiebreak is the two ids and
      // the role (`appointmentRoleKey`, '' when unknown) joined by spaces, which sorts as the triple (ids are slugs,
      // roles words of `_`, and a space sorts before them).
      rank: 5,
      select: sql`
      select 'proceeding', p.id, p.company_name, 'practitioner', pp.quote, '{}'::text[], null::text, 5, 0,
             pp.proceeding_id || ' ' || pp.mandataire_id || ' ' || ${appointmentRoleKey('pp')}
        from proceeding_practitioners pp join proceedings p on p.id = pp.proceeding_id
       where pp.source_id = ${sourceId} and ${shown('proceedings', 'p')}`,
      order: sql`pp.proceeding_id collate "C", pp.mandataire_id collate "C", ${appointmentRoleKey('pp')}`,
      after: (p) => {
        const [proceeding = '', practitioner = '', role = ''] = p.tiebreak.split(' ');
        return sql`(pp.proceeding_id collate "C", pp.mandataire_id collate "C", ${appointmentRoleKey('pp')})
          > (${proceeding}, ${practitioner}, ${role})`;
      },
    },
  ];
}

/**
 * What cites source `sourceId`, `limit` rows from `after` (from the start without): the citations of entries of
 * `kinds` (and people) first, latest recorded first (by the citation's number, which follows the time it was
 * recorded), then the sourced facts, by kind of fact (headcounts, roles, clients, affiliations, each latest
 * recorded first; then practitioners' appointments, by proceeding and practitioner). Entries withheld from the
 * public, and the facts of withheld sites and operators, are left out. Each part reads at most `limit` rows by its
 * index, so that a page costs the same at the millionth citation as at the first.
 */
function citedBy(db: Db, sourceId: string, kinds: readonly CitedKind[], limit: number, after?: CitedPosition) {
  const parts = citedParts(sourceId, kinds).filter((part) => !after || part.rank >= after.rank);
  const selects = parts.map((part) => {
    const condition = after && part.rank === after.rank ? sql` and ${part.after(after)}` : sql``;
    return sql`(${part.select}${condition} order by ${part.order} limit ${limit})`;
  });
  return db.execute<CitedRow & Record<string, unknown>>(sql`
    select subject_kind, subject_id, subject_name, fact, quote, fields, recorded_at, rank, n::int as n, tiebreak
      from (${sql.join(selects, sql` union all `)})
        as cited(subject_kind, subject_id, subject_name, fact, quote, fields, recorded_at, rank, n, tiebreak)
     order by rank, n desc, tiebreak collate "C" limit ${limit}`);
}

/**
 * A condition on a query of `sources`: the source is cited by something the public sees (`citedBy` finds a row: a
 * citation of a shown entry of `kinds`, or a sourced fact). A source whose every citation went with a deleted,
 * merged or withheld entry is no longer one the directory's facts come from.
 */
export function citedSource(kinds: readonly CitedKind[]): SQL {
  const parts = citedParts(sql`${sources.id}`, kinds).map((part) => sql`exists (${part.select})`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** How many rows cite source `sourceId` (`citedBy` with no limit), counted exactly. */
async function citedCount(db: Db, sourceId: string, kinds: readonly CitedKind[]): Promise<number> {
  const counts = citedParts(sourceId, kinds).map(
    (part) => part.count ?? sql`(select count(*) from (${part.select}) p)`,
  );
  const [row] = await db.execute<{ n: number }>(sql`select (${sql.join(counts, sql` + `)})::int as n`);
  return row?.n ?? 0;
}

const withoutPosition = ({ rank: _r, n: _n, tiebreak: _t, ...row }: CitedRow): CitedBy => row;

/** The path of the paginated list of what cites source `id`. */
export const citedByUrl = (id: string) => `/v1/sources/${encodeURIComponent(id)}/citations`;

/**
 * A source and what cites it, bounded: `cited_by`, the first `embeddedLimit` rows of `citedBy`'s order (the
 * citations of entries latest recorded first, then the sourced facts); `cited_by_total`, how many there are;
 * `cited_by_url`, the paginated list of all of them (`listSourceCitations`). Null for an unknown id.
 */
export async function getSource(db: Db, id: string, kinds: readonly CitedKind[]) {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  if (!row) return null;
  const [cited, total] = await Promise.all([citedBy(db, id, kinds, embeddedLimit), citedCount(db, id, kinds)]);
  return {
    ...toSummary(row),
    cited_by: cited.map(withoutPosition),
    cited_by_total: total,
    cited_by_url: citedByUrl(id),
  };
}

/** What a page of a source's citations was asked with (the route's query, parsed). */
export interface SourceCitationsRequest {
  limit: number;
  cursor?: string | undefined;
}

/** The sort a source's citations list has, the one its cursors name. */
const citedSort = 'recorded';

/**
 * One page of what cites source `id` (`citedBy`'s order), keyset-paginated: `limit` rows, the total (counted on the
 * first page, carried by the cursor) and the cursor of the next page. Null for an unknown source; a cursor this
 * API did not make for this source's list is a 400 naming `cursor`.
 */
export async function listSourceCitations(
  db: Db,
  id: string,
  kinds: readonly CitedKind[],
  query: SourceCitationsRequest,
) {
  const [known] = await db.select({ id: sources.id }).from(sources).where(eq(sources.id, id));
  if (!known) return null;
  const binding = { list: `sources/${id}/citations`, filters: {}, keys: await cursorKeysOf(db) };
  let after: CitedPosition | undefined;
  let total: number | undefined;
  if (query.cursor) {
    ({ position: after, total } = readFixedOrderCursor(query.cursor, citedSort, binding, (v, tiebreak) => {
      const m = /^([0-5]):(0|[1-9]\d{0,9})$/.exec(v);
      return m ? { rank: Number(m[1]), n: Number(m[2]), tiebreak } : null;
    }));
  }
  const rows = [...(await citedBy(db, id, kinds, query.limit + 1, after))];
  total ??= await citedCount(db, id, kinds);
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(withoutPosition),
    total,
    total_exact: true,
    limit: query.limit,
    next_cursor:
      more && last
        ? fixedOrderCursor(citedSort, { v: `${last.rank}:${last.n}`, i: last.tiebreak }, total, binding)
        : null,
  };
}
