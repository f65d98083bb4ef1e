// What search knows of a proceeding: its rows of the search entries (src/search/entries.ts names the columns).
import { type SQL, sql } from 'drizzle-orm';
import { currentAppointment } from '../../db/schema/index.js';
import { shown } from '../../db/withheld.js';
import { linkedName, type SearchWords } from '../../search/indexed-words.js';

/** A proceeding's status (`proceedingStatuses`) from its `closed_on`: `open` while null, else `closed`. */
export const proceedingStatus = (closedOn: SQL) => sql`(case when ${closedOn} is null then 'open' else 'closed' end)`;

/**
 * A partial date (`2024`, `2024-01`, `2024-01-15`) as a number for ranges: `20240000`, `20240100`, `20240115`; null
 * for a value of another shape (a row written straight to the table), which would otherwise fail every read of the
 * search entries. Migration 0043's `plateau_search_vector(proceedings)` reads the date the same way.
 */
export const openedOnNumber = (date: SQL) =>
  sql`(case when ${date} ~ '^[0-9]{4}(-[0-9]{2}){0,2}$' then (rpad(replace(${date}, '-', ''), 8, '0'))::int end)`;

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
         p.court, ${openedOnNumber(sql`p.date`)} as opened_on,
         plateau_search_vector(p) as own_words, plateau_search_names(p) as own_names
    from proceedings p left join operators o on o.id = p.operator_id and ${shown('operators', 'o')}`;

/** The notices whose SIRENs are a proceeding's codes (its detail lists them): not withdrawn, no annulation. */
const currentNotice = (n: string) =>
  sql`${sql.identifier(n)}.withdrawn_by is null and ${sql.identifier(n)}.notice_type <> 'annulation'`;

/**
 * A proceeding is named through its operator (`operator_name`, shown), its practitioners and its acquirer (`people`)
 * and its notices' SIRENs (`codes`): each read through its own index (the operators' and practitioners' names, the
 * notices' SIRENs), its proceedings through theirs (`proceedings_operator_idx`, `proceedings_acquirer_idx`, the
 * practitioners' links, the primary key).
 */
export const proceedingSearchWords: SearchWords = {
  linkedAttributes: ['operator_name', 'people', 'codes'],
  linked: (query) => sql`(operator_id = any(array(select o.id from operators o
                                                   where ${linkedName(sql`o.name`, query)} and ${shown('operators', 'o')}))
          or id = any(array(select a.id from proceedings a
                             where a.acquirer_id = any(array(select o.id from operators o
                                                             where ${linkedName(sql`o.name`, query)}
                                                               and ${shown('operators', 'o')}))))
          or id = any(array(select distinct pp.proceeding_id from mandataires m
                             join proceeding_practitioners pp on pp.mandataire_id = m.id
                             where ${linkedName(sql`m.name`, query)}))
          or id = any(array(select n.proceeding_id from proceeding_notices n
                             where n.siren = any(array(select (regexp_matches(querytree(${query}), '''([0-9]{9})''', 'g'))[1]))
                               and ${linkedName(sql`n.siren`, query)} and ${currentNotice('n')})))`,
  linkedCodes: (codes) => {
    const sirens = codes.filter((c) => /^\d{9}$/.test(c));
    if (!sirens.length) return sql`false`;
    return sql`id = any(array(select n.proceeding_id from proceeding_notices n
                               where n.siren = any(${`{${sirens.join(',')}}`}::bpchar[]) and ${currentNotice('n')}))`;
  },
};
