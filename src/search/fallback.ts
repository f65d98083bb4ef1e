// Search answered by PostgreSQL when Meilisearch cannot: full-text search with
// the French configuration that folds accents (plateau_fr), trigram
// similarity for typos, and facets counted in SQL. Same request, same shape.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { foldName } from '../geo/index.js';
import { entryIn } from '../listing/conditions.js';
import { facets as declaredFacets, type Facet, type FacetName } from '../listing/facets.js';
import { codePostalFilter } from '../listing/filters.js';
import { entryDistanceFigure, entryDistanceKm } from '../listing/near.js';
import { type EntryRow, toDocument } from './documents.js';
import { facetBuckets } from './facet-values.js';
import { heldTogether, planQuery, type QueryPlan, queryWords } from './query-words.js';
import { declaredFilters, exactCode, type FilterCatalogue, type SearchOutcome, type SearchRequest } from './request.js';
import { vocabulary } from './settings.js';

const fold = (text: string) => foldName(text).replace(/\s+/g, ' ');

/**
 * The full-text query of `q`: its words, and for each phrase of the press
 * vocabulary it contains, any phrase of the same group (« call center » also
 * finds « centre d'appels »). Null when `q` has no word at all.
 */
export function textQuery(q: string): SQL | null {
  if (!/[\p{L}\p{N}]/u.test(q)) return null;
  let rest = ` ${fold(q)} `;
  const groups: SQL[] = [];
  for (const group of vocabulary) {
    const phrase = [...group].sort((a, b) => b.length - a.length).find((p) => rest.includes(` ${fold(p)} `));
    if (!phrase) continue;
    rest = rest.replace(` ${fold(phrase)} `, ' ');
    groups.push(
      sql`(${sql.join(
        group.map((p) => sql`phraseto_tsquery('plateau_fr', ${p})`),
        sql` || `,
      )})`,
    );
  }
  const parts = rest.trim() ? [sql`plainto_tsquery('plateau_fr', ${rest.trim()})`, ...groups] : groups;
  return sql.join(parts, sql` && `);
}

const entryText = sql`to_tsvector('plateau_fr', document)`;
const holds = (word: string) => sql`${entryText} @@ plainto_tsquery('plateau_fr', ${word})`;

/**
 * The plan of a query of several words (query-words.ts), from how many entries of the whole directory hold each
 * word, as Meilisearch plans it: one scan. Words the French configuration drops (« de », « la », « dans ») count
 * as held by none.
 */
async function planPostgres(db: Db, q: string): Promise<QueryPlan | null> {
  const words = queryWords(q);
  if (words.length < 2 || exactCode(q)) return null;
  const [row] = await db.execute<Record<string, number>>(sql`
    select count(*)::int as total, ${sql.join(
      words.map((word, i) => sql`count(*) filter (where ${holds(word)})::int as ${sql.identifier(`w${i}`)}`),
      sql`, `,
    )}
      from search_entries`);
  const plan = planQuery(q, words, { total: row?.total ?? 0, counts: words.map((_, i) => row?.[`w${i}`] ?? 0) });
  const all = textQuery(plan.q);
  if (!plan.alone.length || !all) return plan;
  const [together] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from search_entries where ${entryText} @@ (${all})`,
  );
  return heldTogether(plan, together?.n ?? 0);
}

/**
 * The text condition of a planned query, as Meilisearch answers it: entries holding every word kept, or the
 * rarest one (what the « frequency » strategy comes down to), or any name-like word searched alone.
 */
function plannedText(plan: QueryPlan): SQL {
  const alternatives = [...new Set([plan.rarest, ...plan.alone].filter((w): w is string => Boolean(w)))].map(holds);
  const all = textQuery(plan.q);
  return sql.join([...(all ? [sql`${entryText} @@ (${all})`] : []), ...alternatives], sql` or `);
}

function conditions(request: SearchRequest, catalogue: FilterCatalogue, plan: QueryPlan | null): SQL[] {
  const where = declaredFilters(catalogue, request.filters).map(([declaration, values]) =>
    declaration.postgres(values),
  );
  const codes = exactCode(request.q);
  if (codes) {
    const postal = codes.filter((c) => /^\d{5}$/.test(c));
    const inCodes = entryIn('codes', codes, { array: true });
    where.push(postal.length ? sql`(${inCodes} or ${codePostalFilter.postgres(postal)})` : inCodes);
  } else if (textQuery(request.q)) {
    const q = request.q.trim();
    const text = plan ? plannedText(plan) : sql`${entryText} @@ (${textQuery(q)})`;
    where.push(sql`(
      ${text}
      or word_similarity(unaccent(lower(${q})),
           unaccent(lower(concat_ws(' ', name, array_to_string(aliases, ' '), array_to_string(people, ' '))))) > 0.5
      or regexp_replace(unaccent(lower(name)), '[^a-z0-9]', '', 'g')
         = regexp_replace(unaccent(lower(${q})), '[^a-z0-9]', '', 'g')
    )`);
  }
  return where;
}

function score(request: SearchRequest, plan: QueryPlan | null): SQL {
  const q = request.q.trim();
  const query = textQuery(q);
  if (!query || exactCode(q)) return sql`0`;
  // A planned query ranks by how many of its kept words an entry holds.
  const ranked = plan?.rarest
    ? sql.join(
        plan.kept.map((w) => sql`plainto_tsquery('plateau_fr', ${w})`),
        sql` || `,
      )
    : query;
  return sql`ts_rank(${entryText}, (${ranked}))
    + word_similarity(unaccent(lower(${q})), unaccent(lower(concat_ws(' ', name, array_to_string(aliases, ' ')))))`;
}

/**
 * The counts of every facet of `names` over the entries of `m` (a name the statement gives the matched entries), as
 * one JSON array of `[facet's position in names, value, count]`, each facet's most counted first.
 */
function facetCountsJson(names: readonly FacetName[]): SQL {
  if (!names.length) return sql`'[]'::json`;
  const counts = names.map((name, i) => {
    const facet: Facet = declaredFacets[name];
    const column = sql`m.${sql.identifier(facet.attribute)}`;
    // An array attribute (`roles`, `mandataire_ids`) counts each of its values, as Meilisearch does.
    const values = facet.array ? sql`m, unnest(${column}) as v(value)` : sql`m, lateral (select ${column}) as v(value)`;
    return sql`select ${i}::int as facet, v.value::text as value, count(*)::int as count from ${values}
                where v.value is not null group by 2`;
  });
  return sql`(select coalesce(json_agg(json_build_array(f.facet, f.value, f.count)
                                       order by f.facet, f.count desc, f.value), '[]')
                from (${sql.join(counts, sql` union all `)}) f)`;
}

/** The facets of `names` from facetCountsJson's array. */
function facetsOf(names: readonly FacetName[], counted: [number, string, number][]): SearchOutcome['facets'] {
  const facets: SearchOutcome['facets'] = {};
  for (const [i, name] of names.entries()) {
    const facet: Facet = declaredFacets[name];
    const values = counted.filter(([at]) => at === i).map(([, value, count]) => ({ value, count }));
    facets[name] = facetBuckets(facet, values);
  }
  return facets;
}

/**
 * The search answered by PostgreSQL, its filters built from their declarations in `catalogue`. `signal`, once
 * aborted (nobody awaits the answer any more: FallbackGate's `maxRunMs`), stops it before its next statement.
 */
export async function searchPostgres(
  db: Db,
  request: SearchRequest,
  catalogue: FilterCatalogue,
  signal?: AbortSignal,
): Promise<SearchOutcome> {
  const plan = await planPostgres(db, request.q.trim());
  signal?.throwIfAborted();
  const where = conditions(request, catalogue, plan);
  const matched = sql`select * from search_entries ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}`;
  const sortKey =
    request.sort?.key === 'name'
      ? sql`name collate "fr-x-icu"`
      : request.sort?.key === 'distance' && request.point
        ? entryDistanceKm(request.point)
        : sql`updated_at`;
  const order = request.sort
    ? sql`${sortKey} ${request.sort.descending ? sql`desc` : sql`asc`}, kind, id`
    : sql`score desc, name collate "fr-x-icu", kind, id`;
  // A keyset page of the name sort (`after`, lists only: one kind): the entries beyond the last one given.
  const beyond = request.sort?.descending ? sql`<` : sql`>`;
  const after = request.after
    ? sql`where (name collate "fr-x-icu", id) ${beyond} (${request.after.name} collate "fr-x-icu", ${request.after.id})`
    : sql``;
  const offset = (request.page - 1) * request.limit;
  // One statement, the entries matched once (each costs its text read and parsed: a scan of the directory, seconds
  // at tens of thousands of entries), however many facets: the page, its total and the facets from it.
  const result = await db.execute<
    Partial<EntryRow> & {
      position: string | null;
      total: number;
      facets: [number, string, number][];
      distance_km?: number | null;
    } & Record<string, unknown>
  >(sql`
    with m as materialized (${matched}),
    scored as (
      select m.*, ${score(request, plan)} as score${
        request.point ? sql`, ${entryDistanceFigure(request.point)} as distance_km` : sql``
      } from m ${after}),
    ranked as (select s.*, row_number() over (order by ${order}) as position from scored s)
    select r.*, c.total, c.facets
      from (select (select count(*)::int from m) as total, ${facetCountsJson(request.facets)} as facets) c
      left join ranked r on r.position > ${offset} and r.position <= ${offset + request.limit}
     order by r.position`);
  const rows = [...result].filter((row) => row.position !== null) as unknown as (EntryRow & {
    distance_km?: number | null;
  })[];
  const count = result[0];
  const facets = facetsOf(request.facets, count?.facets ?? []);
  return {
    hits: [...rows].map((row) => {
      const document = toDocument(row);
      const { kind, id, name, label } = document;
      const measured = request.point
        ? {
            distance_km: row.distance_km,
            coordinates_precision: row.distance_km == null ? null : row.coordinates_precision,
          }
        : {};
      return { kind, id, name, label, highlights: {}, ...measured };
    }),
    total: count?.total ?? 0,
    total_exact: true,
    facets,
    degraded: true,
  };
}
