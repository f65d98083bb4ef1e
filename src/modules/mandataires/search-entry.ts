// What search knows of a mandataire: its rows of the search entries (src/search/entries.ts names the columns).
import { sql } from 'drizzle-orm';
import { shownId } from '../../db/withheld.js';
import { practitionerRoles, type professions } from '../../domain/vocabulary.js';
import { textArray, wordsByValue } from '../../search/entries.js';
import { linkedName, type SearchWords } from '../../search/indexed-words.js';

/** The profession as the press writes it; a firm or body without one is found under both. */
const keywords: Record<(typeof professions)[number], readonly string[]> = {
  administrateur_judiciaire: ['administrateur judiciaire'],
  mandataire_judiciaire: ['mandataire judiciaire'],
};
const eitherProfession = ['administrateur judiciaire', 'mandataire judiciaire'];

/**
 * `parent_id` and `operator_name` are the practitioner's firm; the phone numbers, a firm's SIRET and the SIREN it
 * begins with are codes (a query of one finds it exactly, as a site's).
 */
export const mandataireSearchEntry = sql`
  select m.id, m.name, '{}'::text[] as aliases, m.kind::text as category, null::text as status,
         null::varchar as operator_id, f.name as operator_name, m.firm_id as parent_id,
         m.profession::text as profession, '{}'::text[] as mandataire_ids,
         coalesce((select array_agg(distinct pe.name) from roles r join people pe on pe.id = r.person_id
                    where r.mandataire_id = m.id), '{}') as people,
         m.commune, m.commune_label, m.code_commune, m.code_arrondissement, m.code_postal,
         m.departement_code, m.departement_name,
         m.region_code, m.region_name, m.former_region_name, m.country::text as country,
         array_remove(array[m.phone, m.hotline ->> 'phone', m.code_postal, m.code_commune, m.code_arrondissement,
                            m.siret, left(m.siret, 9)::varchar], null) as codes,
         ${wordsByValue(sql`m.profession`, keywords, eitherProfession)}
           || array_remove(array[m.commune_as_written, m.arrondissement], null) as keywords,
         m.notes as description, m.updated_at,
         coalesce((select array_agg(distinct pp.role order by pp.role) from proceeding_practitioners pp
                    where pp.mandataire_id = m.id and pp.role is not null
                      and ${shownId('proceedings', sql`pp.proceeding_id`)}), '{}') as roles,
         plateau_search_vector(m) as own_words, plateau_search_names(m) as own_names
    from mandataires m left join mandataires f on f.id = m.firm_id and not f.withheld`;

/**
 * A practitioner is named through its firm (`operator_name`, shown), its people (`people`, by their roles) and its roles
 * in proceedings (`roles`): the firms' and people's names through their indexes; the roles, a closed vocabulary, by
 * the values whose words hold the query, the practitioners' links read only when one does.
 */
export const mandataireSearchWords: SearchWords = {
  linkedAttributes: ['operator_name', 'people', 'roles'],
  linked: (query) => {
    const roles = sql`array(select v from unnest(${textArray(practitionerRoles)}) v
                             where to_tsvector('plateau_fr', v) @@ (${query}))`;
    return sql`(parent_id = any(array(select f.id from mandataires f
                                       where ${linkedName(sql`f.name`, query)} and not f.withheld))
          or id = any(array(select r.mandataire_id from people pe join roles r on r.person_id = pe.id
                             where ${linkedName(sql`pe.name`, query)} and r.mandataire_id is not null))
          or id = any(array(select distinct pp.mandataire_id from proceeding_practitioners pp
                             where cardinality(${roles}) > 0 and pp.role = any(${roles})
                               and ${shownId('proceedings', sql`pp.proceeding_id`)})))`;
  },
};
