// What search knows of a proceeding: its rows of the search entries (src/search/entries.ts names the columns).
import { type SQL, sql } from 'drizzle-orm';
import { currentAppointment } from '../../db/schema/index.js';
import { shown } from '../../db/withheld.js';

/** A proceeding's status (`proceedingStatuses`) from its `closed_on`: `open` while null, else `closed`. */
export const proceedingStatus = (closedOn: SQL) => sql`(case when ${closedOn} is null then 'open' else 'closed' end)`;

/** A partial date (`2024`, `2024-01`, `2024-01-15`) as a number for ranges: `20240000`, `20240100`, `20240115`. */
export const openedOnNumber = (date: SQL) => sql`(rpad(replace(${date}, '-', ''), 8, '0'))::int`;

/**
 * Named after the company concerned; its `status` open or closed (`proceedingStatus`) (`operator_name` is the operator it is, when known); `mandataire_ids` are the
 * practitioners appointed now (not replaced by a later judgment) and their firms (a firm's id finds its members' proceedings), and the names attached (`people`) theirs and the acquirer's.
 * Its codes are the SIRENs of the company its current BODACC notices name (those its detail lists).
 */
export const proceedingSearchEntry = sql`
  select p.id, p.company_name as name, '{}'::text[] as aliases, p.kind::text as category, ${proceedingStatus(sql`p.closed_on`)} as status,
         p.operator_id, o.name as operator_name, null::varchar as parent_id, null::text as profession,
         coalesce((select array_agg(distinct ids.id) from proceeding_practitioners pp
                    join mandataires m on m.id = pp.mandataire_id
                    cross join lateral (values (m.id::text), (m.firm_id::text)) ids(id)
                    where pp.proceeding_id = p.id and ids.id is not null and ${currentAppointment('pp')}), '{}')
           as mandataire_ids,
         coalesce((select array_agg(distinct n.name) from (
                    select m.name from proceeding_practitioners pp join mandataires m on m.id = pp.mandataire_id
                     where pp.proceeding_id = p.id
                    union all select a.name from operators a where a.id = p.acquirer_id and ${shown('operators', 'a')}) n), '{}') as people,
         null::text as commune, null::text as commune_label, null::varchar as code_commune,
         null::varchar as code_arrondissement, null::varchar as code_postal,
         null::varchar as departement_code, null::text as departement_name, null::varchar as region_code,
         null::text as region_name, null::text as former_region_name, null::text as country,
         coalesce((select array_agg(distinct n.siren::varchar) from proceeding_notices n
                    where n.proceeding_id = p.id and n.withdrawn_by is null and n.notice_type <> 'annulation'),
                  '{}') as codes,
         array[replace(p.kind::text, '_', ' '), 'procédure collective']::text[] as keywords,
         concat_ws(' ', p.company_description, p.notes) as description, p.updated_at,
         p.court, ${openedOnNumber(sql`p.date`)} as opened_on
    from proceedings p left join operators o on o.id = p.operator_id and ${shown('operators', 'o')}`;
