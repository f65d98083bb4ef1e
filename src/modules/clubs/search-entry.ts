// What search knows of a club: its rows of the search entries (src/search/entries.ts names the columns).
import { sql } from 'drizzle-orm';
import { textArray } from '../../search/entries.js';
import { linkedName, type SearchWords } from '../../search/indexed-words.js';

/**
 * A club is placed in the region it serves, not the one of its address. The names attached to it (`people`) are
 * its officers' and those of its members, sponsors and supporters.
 */
export const clubSearchEntry = sql`
  select c.id, c.name, '{}'::text[] as aliases, c.kind::text as category, c.status::text as status,
         null::varchar as operator_id, null::text as operator_name, null::varchar as parent_id,
         null::text as profession, '{}'::text[] as mandataire_ids,
         coalesce((select array_agg(distinct n.name) from (
                    select pe.name from roles r join people pe on pe.id = r.person_id where r.club_id = c.id
                    union all select a.name from club_affiliations a where a.club_id = c.id) n), '{}') as people,
         c.commune, c.commune_label, c.code_commune, c.code_arrondissement, c.code_postal,
         c.departement_code, c.departement_name,
         c.served_region_code as region_code, c.served_region_name as region_name,
         c.served_former_region_name as former_region_name, c.country::text as country,
         array_remove(array[c.code_postal, c.code_commune, c.code_arrondissement], null) as codes,
         ${textArray(['club', 'association', 'relation client'])}
           || array_remove(array[c.commune_as_written, c.arrondissement], null) as keywords,
         c.notes as description, c.updated_at,
         plateau_search_vector(c) as own_words, plateau_search_names(c) as own_names
    from clubs c`;

/** A club is named through its officers (people, by their roles) and its affiliates (`people`), each by its index. */
export const clubSearchWords: SearchWords = {
  linkedAttributes: ['people'],
  linked: (query) => sql`(id = any(array(select r.club_id from people pe join roles r on r.person_id = pe.id
                                        where ${linkedName(sql`pe.name`, query)} and r.club_id is not null))
          or id = any(array(select a.club_id from club_affiliations a where ${linkedName(sql`a.name`, query)})))`,
};
