// Many synthetic but realistic sites at once, with set-based SQL (one INSERT
// … SELECT over generate_series), for the tests and benchmarks of lists and
// exports at national scale. Not the write path: no history, outbox nor
// search document; lists and exports read PostgreSQL only.
import { createRequire } from 'node:module';
import type postgres from 'postgres';

interface Commune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  codesPostaux?: string[];
}

/** Today's communes of France, from @etalab/decoupage-administratif (the reference data the API uses). */
function communes(): Commune[] {
  const require = createRequire(import.meta.url);
  const all = require('@etalab/decoupage-administratif/data/communes.json') as Commune[];
  return all.filter((c) => c.type === 'commune-actuelle' && c.departement && c.region && c.codesPostaux?.length);
}

/** Operators as the press names them; a site is « <operator> <commune> » or a centre's name. */
const operatorNames = ['Teleperformance', 'Webhelp', 'Intelcia', 'Armatis', 'Comdata', 'Sitel', 'Majorel', 'Acticall'];
const centreWords = ['Centre de relation client', 'Plateau', 'Centre d’appels', 'Site', 'Hub client', 'Éole'];

/**
 * Inserts `count` sites named `<prefix>-<n>` (n from 1), spread over real communes, with press-like names
 * (accents, apostrophes, many equal names), statuses, opening dates (a third unknown) and creation times
 * (groups of ten share one, so the id breaks ties). Returns the ids' prefix. One statement: all or nothing.
 */
export async function insertSites(sql: postgres.Sql, count: number, prefix = 'bulk-site'): Promise<string> {
  const places = communes();
  const column = <T>(pick: (c: Commune) => T) => places.map(pick);
  await sql`
    insert into sites (id, name, country, commune, code_commune, code_postal, departement_code, region_code,
                       status, opened_on, created_at, updated_at)
    select ${prefix} || '-' || g,
           case when g % 3 = 0 then (${centreWords}::text[])[1 + g % ${centreWords.length}] || ' ' || c.name
                else (${operatorNames}::text[])[1 + g % ${operatorNames.length}] || ' ' || c.name end,
           'FR', c.name, c.code, c.postal, c.dep, c.region,
           (array['open', 'closed', 'planned']::site_status[])[1 + g % 3],
           case when g % 3 = 1 then null else (1990 + g % 35)::text || '-' || lpad((1 + g % 12)::text, 2, '0') end,
           timestamptz '2020-01-01' + (g / 10) * interval '1 second',
           timestamptz '2024-01-01' + ((g::bigint * 7919) % ${count}) * interval '1 second'
      from generate_series(1, ${count}::int) g
      join unnest(${column((c) => c.code)}::text[], ${column((c) => c.nom)}::text[],
                  ${column((c) => c.codesPostaux?.[0] ?? '')}::text[], ${column((c) => c.departement ?? '')}::text[],
                  ${column((c) => c.region ?? '')}::text[])
           with ordinality as c(code, name, postal, dep, region, n)
        on c.n = 1 + (g::bigint * 104729) % ${places.length}`;
  await sql`analyze sites`;
  return prefix;
}
