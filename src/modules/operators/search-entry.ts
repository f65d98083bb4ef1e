// What search knows of an operator: its rows of the search entries (src/search/entries.ts names the columns).
import { sql } from 'drizzle-orm';
import { shown } from '../../db/withheld.js';
import type { operatorKinds } from '../../domain/vocabulary.js';
import { wordsByValue } from '../../search/entries.js';
import { linkedName, type SearchWords } from '../../search/indexed-words.js';

/** The words the press uses for each kind of operator. */
const keywords: Record<(typeof operatorKinds)[number], readonly string[]> = {
  outsourcer: ['outsourcer', "centre d'appels"],
  in_house: ["centre d'appels"],
  holding: [],
  group: [],
  vendor: ['éditeur', 'fournisseur'],
  telecom_operator: ['opérateur télécom'],
  trade_body: ['syndicat professionnel'],
  public_body: [],
  media: [],
};

/** An operator's `operator_id` is itself (its sites and proceedings share it); `operator_name` is its parent group. */
export const operatorSearchEntry = sql`
  select o.id, o.name, o.aliases, o.kind::text as category, null::text as status,
         o.id as operator_id, p.name as operator_name, o.parent_id, null::text as profession,
         '{}'::text[] as mandataire_ids,
         coalesce((select array_agg(distinct pe.name) from roles r join people pe on pe.id = r.person_id
                    where r.operator_id = o.id), '{}') as people,
         null::text as commune, null::text as commune_label, null::varchar as code_commune,
         null::varchar as code_arrondissement, null::varchar as code_postal,
         null::varchar as departement_code, null::text as departement_name, null::varchar as region_code,
         null::text as region_name, null::text as former_region_name, o.country::text as country,
         array_remove(array[o.siren::text], null) as codes,
         ${wordsByValue(sql`o.kind`, keywords)} as keywords,
         o.description, o.updated_at,
         plateau_search_vector(o) as own_words, plateau_search_names(o) as own_names
    from operators o left join operators p on p.id = o.parent_id and ${shown('operators', 'p')}`;

/**
 * An operator is named through its parent group (`operator_name`, shown) and its people (`people`, by their roles),
 * each read through its own index.
 */
export const operatorSearchWords: SearchWords = {
  linkedAttributes: ['operator_name', 'people'],
  linked: (query) => sql`(parent_id = any(array(select p.id from operators p
                                                where ${linkedName(sql`p.name`, query)} and ${shown('operators', 'p')}))
          or id = any(array(select r.operator_id from people pe join roles r on r.person_id = pe.id
                             where ${linkedName(sql`pe.name`, query)} and r.operator_id is not null)))`,
};
