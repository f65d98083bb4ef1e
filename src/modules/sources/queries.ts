import { eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sources } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { shown } from '../../db/withheld.js';
import type { CitedKind } from '../../kind.js';
import { type ExportColumns, exportSelect } from '../../listing/export-rows.js';
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

interface CitedBy {
  subject_kind: string;
  subject_id: string;
  subject_name: string;
  fact: (typeof factKinds)[number] | null;
  quote: string;
  fields: string[];
}

/** The citations of one source that point to entries of one kind. */
function citationsOf(kind: CitedKind, sourceId: string): SQL {
  const name = sql.identifier(kind.nameColumn);
  return sql`
      select ${kind.name}::text as subject_kind, t.id as subject_id, t.${name} as subject_name,
             null as fact, c.quote, c.fields, 0 as rank, c.id, '' as tiebreak
        from citations c join ${sql.identifier(kind.tableName)} t on t.id = c.${sql.identifier(kind.citationColumn)}
       where c.source_id = ${sourceId} and ${shown(kind.tableName, 't')}`;
}

/** Every citation and sourced fact that quotes one source, in a stable order. */
function citedBy(db: Db, sourceId: string, kinds: readonly CitedKind[]) {
  return db.execute<CitedBy & Record<string, unknown>>(sql`
    select subject_kind, subject_id, subject_name, fact, quote, fields from (
      ${sql.join(
        kinds.map((kind) => citationsOf(kind, sourceId)),
        sql`
      union all`,
      )}
      union all
      select case when h.site_id is not null then 'site' else 'operator' end, coalesce(h.site_id, h.operator_id),
             coalesce(s.name, o.name), 'headcount', h.quote, '{}'::text[], 1, h.id, ''
        from headcounts h left join sites s on s.id = h.site_id left join operators o on o.id = h.operator_id
       where h.source_id = ${sourceId} and coalesce(${shown('sites', 's')}, ${shown('operators', 'o')})
      union all
      select 'person', pe.id, pe.name, 'role', r.quote, '{}'::text[], 2, r.id, ''
        from roles r join people pe on pe.id = r.person_id where r.source_id = ${sourceId}
      union all
      select 'site', s.id, s.name, 'client', sc.quote, '{}'::text[], 3, sc.id, ''
        from site_clients sc join sites s on s.id = sc.site_id where sc.source_id = ${sourceId} and ${shown('sites', 's')}
      union all
      select 'club', cl.id, cl.name, 'affiliation', ca.quote, '{}'::text[], 4, ca.id, ''
        from club_affiliations ca join clubs cl on cl.id = ca.club_id where ca.source_id = ${sourceId}
      union all
      select 'proceeding', p.id, p.company_name, 'practitioner', pp.quote, '{}'::text[], 5, 0, pp.mandataire_id
        from proceeding_practitioners pp join proceedings p on p.id = pp.proceeding_id where pp.source_id = ${sourceId}
    ) cited
    order by rank, subject_kind, subject_id, id, tiebreak`);
}

/** A source and what cites it: the citations of entries of `kinds` (and people), then the sourced facts. */
export async function getSource(db: Db, id: string, kinds: readonly CitedKind[]) {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  if (!row) return null;
  const cited = await citedBy(db, id, kinds);
  return { ...toSummary(row), cited_by: [...cited] };
}
