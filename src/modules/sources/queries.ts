import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sources } from '../../db/schema/index.js';
import { isoTimestamps } from '../../db/timestamps.js';
import { type ListRequest, listEntries } from '../../listing/query.js';
import { sourceListing } from './filters.js';
import type { factKinds, subjectKinds } from './schemas.js';

/** One page of sources, in the sort asked (sourceSorts). */
export async function listSources(db: Db, query: ListRequest) {
  const page = await listEntries(db, query, sourceListing, (sort_value) =>
    db.select({ ...getTableColumns(sources), sort_value }).from(sources),
  );
  return { ...page, rows: page.rows.map(toSummary) };
}

function toSummary(row: typeof sources.$inferSelect) {
  const { file: _, ...rest } = isoTimestamps(row);
  return rest;
}

interface CitedBy {
  subject_kind: (typeof subjectKinds)[number];
  subject_id: string;
  subject_name: string;
  fact: (typeof factKinds)[number] | null;
  quote: string;
  fields: string[];
}

/** Every citation and sourced fact that quotes one source, in a stable order. */
function citedBy(db: Db, sourceId: string) {
  return db.execute<CitedBy & Record<string, unknown>>(sql`
    select subject_kind, subject_id, subject_name, fact, quote, fields from (
      select case
               when c.site_id is not null then 'site' when c.operator_id is not null then 'operator'
               when c.club_id is not null then 'club' when c.mandataire_id is not null then 'mandataire'
               when c.proceeding_id is not null then 'proceeding' else 'person' end as subject_kind,
             coalesce(c.site_id, c.operator_id, c.club_id, c.mandataire_id, c.proceeding_id, c.person_id) as subject_id,
             coalesce(s.name, o.name, cl.name, m.name, p.company_name, pe.name) as subject_name,
             null as fact, c.quote, c.fields, 0 as rank, c.id, '' as tiebreak
        from citations c
        left join sites s on s.id = c.site_id
        left join operators o on o.id = c.operator_id
        left join clubs cl on cl.id = c.club_id
        left join mandataires m on m.id = c.mandataire_id
        left join proceedings p on p.id = c.proceeding_id
        left join people pe on pe.id = c.person_id
       where c.source_id = ${sourceId}
      union all
      select case when h.site_id is not null then 'site' else 'operator' end, coalesce(h.site_id, h.operator_id),
             coalesce(s.name, o.name), 'headcount', h.quote, '{}'::text[], 1, h.id, ''
        from headcounts h left join sites s on s.id = h.site_id left join operators o on o.id = h.operator_id
       where h.source_id = ${sourceId}
      union all
      select 'person', pe.id, pe.name, 'role', r.quote, '{}'::text[], 2, r.id, ''
        from roles r join people pe on pe.id = r.person_id where r.source_id = ${sourceId}
      union all
      select 'site', s.id, s.name, 'client', sc.quote, '{}'::text[], 3, sc.id, ''
        from site_clients sc join sites s on s.id = sc.site_id where sc.source_id = ${sourceId}
      union all
      select 'club', cl.id, cl.name, 'affiliation', ca.quote, '{}'::text[], 4, ca.id, ''
        from club_affiliations ca join clubs cl on cl.id = ca.club_id where ca.source_id = ${sourceId}
      union all
      select 'proceeding', p.id, p.company_name, 'practitioner', pp.quote, '{}'::text[], 5, 0, pp.mandataire_id
        from proceeding_practitioners pp join proceedings p on p.id = pp.proceeding_id where pp.source_id = ${sourceId}
    ) cited
    order by rank, subject_kind, subject_id, id, tiebreak`);
}

export async function getSource(db: Db, id: string) {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  if (!row) return null;
  const cited = await citedBy(db, id);
  return { ...toSummary(row), cited_by: [...cited] };
}
