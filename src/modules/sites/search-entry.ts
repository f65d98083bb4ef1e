// What search knows of a site: its rows of the search entries (src/search/entries.ts names the columns).
import { sql } from 'drizzle-orm';
import { shown } from '../../db/withheld.js';
import { textArray } from '../../search/entries.js';
import { linkedName, type SearchWords } from '../../search/indexed-words.js';

/**
 * A site is found by its postcode, its commune and arrondissement codes, its SIRET and the SIREN it begins with;
 * by the name of its commune as written and of its arrondissement too; the names of its clients are the names
 * attached to it (`people`).
 */
export const siteSearchEntry = sql`
  select s.id, s.name, s.aliases, null::text as category, s.status::text as status,
         s.operator_id, o.name as operator_name, null::varchar as parent_id, null::text as profession,
         '{}'::text[] as mandataire_ids,
         coalesce((select array_agg(distinct sc.name) from site_clients sc where sc.site_id = s.id), '{}') as people,
         s.commune, s.commune_label, s.code_commune, s.code_arrondissement, s.code_postal,
         s.departement_code, s.departement_name,
         s.region_code, s.region_name, s.former_region_name, s.country::text as country,
         array_remove(array[s.code_postal, s.code_commune, s.code_arrondissement, s.siret::varchar,
                            left(s.siret, 9)::varchar], null) as codes,
         ${textArray(["centre d'appels"])}
           || array_remove(array[s.commune_as_written, s.arrondissement], null) as keywords,
         s.notes as description, s.updated_at,
         s.naf_code, s.tranche_effectifs, s.latitude, s.longitude,
         s.coordinates_precision::text as coordinates_precision,
         plateau_search_vector(s) as own_words, plateau_search_names(s) as own_names
    from sites s left join operators o on o.id = s.operator_id and ${shown('operators', 'o')}`;

/**
 * A site is named through its operator (`operator_name`, an operator shown) and its clients (`people`): each read
 * through its own index, its sites through theirs (`sites_operator_idx`, the primary key).
 */
export const siteSearchWords: SearchWords = {
  linkedAttributes: ['operator_name', 'people'],
  linked: (query) => sql`(operator_id = any(array(select o.id from operators o
                                                   where ${linkedName(sql`o.name`, query)} and ${shown('operators', 'o')}))
          or id = any(array(select sc.site_id from site_clients sc where ${linkedName(sql`sc.name`, query)})))`,
  // A typo or prefix of its operator's name, through the operators' trigram index (verify47 07); clients' names
  // have no trigram index, so their typos are not sought.
  linkedSimilar: (folded) => sql`operator_id = any(array(select o.id from operators o
                                                       where plateau_search_names(o) %> ${folded}
                                                         and ${shown('operators', 'o')} limit 1000))`,
};
