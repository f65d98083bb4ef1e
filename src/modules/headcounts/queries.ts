// The dated headcount figures of a site or an operator, each with its source.
import { type SQL, sql } from 'drizzle-orm';
import { jsonList, jsonObject, requestedId } from '../../db/json.js';
import { citations, headcountBands, headcounts, sites } from '../../db/schema/index.js';

/** A headcount figure as the API shows it (the `Headcount` schema). */
const figureFields = {
  id: headcounts.id,
  kind: headcounts.kind,
  value: headcounts.value,
  as_of: headcounts.as_of,
  note: headcounts.note,
  source_id: headcounts.source_id,
  quote: headcounts.quote,
};

/**
 * The figures of the requested entry as a JSON list built by PostgreSQL, oldest first
 * (`as_of`, then the order they were added); `owner` is the headcounts column of its kind (`site_id`). */
export function headcountList(owner: 'site_id' | 'operator_id'): SQL {
  return jsonList(
    figureFields,
    sql`from ${headcounts} where ${headcounts}.${sql.identifier(owner)} = ${requestedId}`,
    sql`${headcounts.as_of}, ${headcounts.id}`,
  );
}

/**
 * A site's dated figures as a JSON list built by PostgreSQL, oldest first: its headcount figures (`headcountList`)
 * and its Sirene headcount bands, each a figure of its own (`kind` `tranche_effectifs`: the band's code, its range
 * `effectifs_min`–`effectifs_max`, `as_of` its year, and the citation of the stock that states it): one per year
 * (`headcount_bands`, each year's with the stock edition that first gave it), and the site's current band
 * (`tranche_effectifs`… of the site, with the newest citation that supports it) when no figure of that year says
 * it (a band without a year, or one written otherwise than by an import); a code without a range (`NN`) is no figure.
 * A band is a range, never one number: it
 * sits beside the articles' figures, each with its source. The site's own `tranche_effectifs`… fields are the
 * newest band.
 */
export function siteHeadcountList(): SQL {
  /** A band of row `r` (a site or one of its figures) in year `year`, cited by `c` (source_id, quote). */
  const band = (r: string, year: string, c: string) =>
    sql.raw(`json_build_object('kind', 'tranche_effectifs', 'tranche_effectifs', ${r}.tranche_effectifs,
               'effectifs_min', ${r}.effectifs_min, 'effectifs_max', ${r}.effectifs_max, 'as_of', ${year}::text,
               'source_id', ${c}.source_id, 'quote', ${c}.quote)`);
  return sql`(select coalesce(json_agg(f.item order by f.as_of, f.band, f.id), '[]'::json) from (
      select ${jsonObject(figureFields)} as item, ${headcounts.as_of} as as_of, 0 as band,
             ${headcounts.id} as id
        from ${headcounts} where ${headcounts.site_id} = ${requestedId}
      union all
      select ${band('b', 'b.year', 'b')},
             b.year::text, 1, b.id
        from ${headcountBands} b where b.site_id = ${requestedId}
      union all
      select ${band('s', 's.annee_effectifs', 'c')},
             s.annee_effectifs::text, 1, 0
        from ${sites} s
        join lateral (select ${citations.source_id} as source_id, ${citations.quote} as quote from ${citations}
                       where ${citations.site_id} = s.id and 'tranche_effectifs' = any(${citations.fields})
                       order by ${citations.id} desc limit 1) c on true
       where s.id = ${requestedId} and s.effectifs_min is not null
         and not exists (select 1 from ${headcountBands} b where b.site_id = s.id and b.year = s.annee_effectifs
                            and b.tranche_effectifs = s.tranche_effectifs)) f)`;
}
