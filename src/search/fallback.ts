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
import { type EntryRow, entryColumnList, toDocument } from './documents.js';
import { facetBuckets } from './facet-values.js';
import { type IndexedKinds, ownNamesSimilar, ownWordsHold, similarNamesCut } from './indexed-words.js';
import { searchReach } from './params.js';
import { heldTogether, type ParsedQuery, parseQuery, planQuery, type QueryPlan, queryWords } from './query-words.js';
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

/**
 * Above this many matches a search's total is estimated by PostgreSQL's planner (`total_exact` false, at least this
 * many plus one), and its facets are counted over the first this many plus one matches found: counting them all
 * costs a read of each, seconds at a million entries. The same bound on how many entries hold a word when a query is
 * planned (planPostgres).
 */
export const exactCountLimit = 20_000;

/**
 * At most this many matches are ranked by relevance (ts_rank over their document, and the similarity of their
 * names): the first this many read best first (matchesBestFirst: exact name, every word, the rest; all of them, for
 * most queries, which match fewer); the others follow by tier, kind and id. Ranking reads and parses each entry's document.
 */
export const rankedLimit = 1_000;

/** A kind's name as an SQL literal: the view's arms are told apart by it when PostgreSQL plans the statement. */
function kindLiteral(name: string): SQL {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`kind name '${name}' is not a plain word`);
  return sql.raw(`'${name}'`);
}

/**
 * The entries whose words hold `query` (a tsquery): those of an indexed kind through their own words' index and the
 * names they are found by through other tables (indexed-words.ts), the others by their document, row by row.
 */
function holdsQuery(query: SQL, indexed: IndexedKinds, rowByRow?: SQL): SQL {
  const names = [...indexed.keys()];
  const arms = [...indexed].map(
    ([name, { words }]) => sql`(kind = ${kindLiteral(name)} and (${ownWordsHold(query)} or ${words.linked(query)}))`,
  );
  const others = rowByRow ?? sql`${entryText} @@ (${query})`;
  if (!names.length) return others;
  return sql`(${sql.join(arms, sql` or `)} or (kind not in (${sql.join(names.map(kindLiteral), sql`, `)}) and ${others}))`;
}

const holds = (word: string, indexed: IndexedKinds) => holdsQuery(sql`plainto_tsquery('plateau_fr', ${word})`, indexed);

/**
 * The plan of a query of several words (query-words.ts), from how many entries of the whole directory hold each
 * word, as Meilisearch plans it: one statement, each word counted through the indexes up to exactCountLimit (a word
 * held by more counts as held by every entry: not name-like). Words the French configuration drops (« de », « la »,
 * « dans ») count as held by none.
 */
async function planPostgres(db: Db, q: string, indexed: IndexedKinds): Promise<QueryPlan | null> {
  const words = queryWords(q);
  if (words.length < 2 || exactCode(q)) return null;
  const [row] = await db.execute<Record<string, number>>(sql`
    select (select count(*)::int from search_entries) as total, ${sql.join(
      words.map(
        (word, i) =>
          sql`(select count(*)::int from (select from search_entries where ${holds(word, indexed)}
                                             limit ${exactCountLimit + 1}) x) as ${sql.identifier(`w${i}`)}`,
      ),
      sql`, `,
    )}`);
  const total = row?.total ?? 0;
  const counts = words.map((_, i) => {
    const n = row?.[`w${i}`] ?? 0;
    return n > exactCountLimit ? Math.max(n, total) : n;
  });
  const plan = planQuery(q, words, { total, counts });
  const all = textQuery(plan.q);
  if (!plan.alone.length || !all) return plan;
  const [together] = await db.execute<{ held: boolean }>(
    sql`select exists (select from search_entries where ${holdsQuery(all, indexed)}) as held`,
  );
  return heldTogether(plan, together?.held ? 1 : 0);
}

/**
 * The tsquery of a planned query, as Meilisearch answers it: entries holding every word kept, or the rarest one
 * (what the « frequency » strategy comes down to), or any name-like word searched alone.
 */
function plannedQuery(plan: QueryPlan): SQL | null {
  const alternatives = [...new Set([plan.rarest, ...plan.alone].filter((w): w is string => Boolean(w)))].map(
    (w) => sql`plainto_tsquery('plateau_fr', ${w})`,
  );
  const all = textQuery(plan.q);
  const parts = [...(all ? [sql`(${all})`] : []), ...alternatives];
  return parts.length ? sql.join(parts, sql` || `) : null;
}

/** The tsquery of `q`: its words, as planned when several; null when it has none. */
const queryOf = (q: string, plan: QueryPlan | null): SQL | null => (plan ? plannedQuery(plan) : textQuery(q));

/**
 * Whether the words of `q` (as planned) leave room for typos: held by at most rankedLimit entries, counted through the
 * indexes. Meilisearch ranks an entry found through a typo after every entry holding the words typed, so past that
 * many only the ranked are shown in its order and matching typos would add to the total only.
 */
async function seeksTypos(db: Db, q: string, plan: QueryPlan | null, indexed: IndexedKinds): Promise<boolean> {
  const query = queryOf(q, plan);
  if (!query || exactCode(q) || !typosPossible(q)) return false;
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from (select from search_entries where ${holdsQuery(query, indexed)}
                                          limit ${rankedLimit + 1}) x`,
  );
  return (row?.n ?? 0) <= rankedLimit;
}

/**
 * The shortest word Meilisearch forgives a typo in (its default `minWordSizeForTypos.oneTypo`), never in a number
 * (settings.ts `disableOnNumbers`). In a query of several words such a word is wanted as typed: the similarity of the
 * whole query to a name, which finds typos and prefixes, would find entries without it (« elan 86 » is 0.6 similar to
 * « elan 17 1 »: verify52 02). A query of one word is its own prefix or typo (« Zeb », « 86 » to « 860 »).
 */
const typoWordLength = 5;

/** Whether the similarity of `q` to a name may find what Meilisearch finds: one word, or words that take a typo. */
function typosPossible(q: string): boolean {
  const words = queryWords(q);
  if (words.length === 1) return true;
  return words.length > 1 && words.every((w) => [...w].length >= typoWordLength && !/^\p{N}+$/u.test(w));
}

/** Whether some indexed kind has more names similar to `q` than ownNamesSimilar keeps (verify47 05). */
async function typosCut(db: Db, q: string, indexed: IndexedKinds): Promise<boolean> {
  if (!indexed.size) return false;
  const folded = sql`plateau_fold(${q})`;
  const [row] = await db.execute<{ cut: boolean }>(
    sql`select (${sql.join(
      [...indexed.values()].map((kind) => similarNamesCut(kind, folded)),
      sql` or `,
    )}) as cut`,
  );
  return Boolean(row?.cut);
}

/**
 * The text condition of `q`: its words (planned, when several), or, with `typos`, a name similar to it (a typo), or
 * its name written without spaces or punctuation (« 5àsec »). Indexed kinds through their indexes (trigram
 * similarity at `pg_trgm.word_similarity_threshold`, which searchPostgres sets to 0.5); the others row by row.
 */
function textCondition(q: string, plan: QueryPlan | null, indexed: IndexedKinds, typos: boolean): SQL | null {
  const query = queryOf(q, plan);
  if (!query) return null;
  const folded = sql`plateau_fold(${q})`;
  const compact = sql`plateau_compact(name) = plateau_compact(${q})`;
  const similar = sql`word_similarity(unaccent(lower(${q})),
           unaccent(lower(concat_ws(' ', name, array_to_string(aliases, ' '), array_to_string(people, ' '))))) > 0.5`;
  const rowByRow = sql`(${entryText} @@ (${query}) ${typos ? sql`or ${similar} or ${compact}` : sql``})`;
  const names = [...indexed.keys()];
  if (!names.length) return rowByRow;
  const arms = [...indexed].map(([name, kind]) => {
    const linkedTypo = kind.words.linkedSimilar ? sql`${kind.words.linkedSimilar(folded)} or` : sql``;
    const typo = typos ? sql`${compact} or ${ownNamesSimilar(kind, folded)} or ${linkedTypo}` : sql``;
    return sql`(kind = ${kindLiteral(name)} and (${typo} ${kind.words.linked(query)} or ${ownWordsHold(query)}))`;
  });
  return sql`(${sql.join(arms, sql` or `)} or (kind not in (${sql.join(names.map(kindLiteral), sql`, `)}) and ${rowByRow}))`;
}

/**
 * The entries carrying one of `codes` (exactCode's): a kind whose codes come from another table (`linkedCodes`, a
 * proceeding's SIRENs) through that table's index, the others by their `codes`.
 */
function codesCondition(codes: readonly string[], indexed: IndexedKinds): SQL {
  const own = entryIn('codes', codes, { array: true });
  const linked = [...indexed].flatMap(([name, { words }]) =>
    words.linkedCodes ? [[name, words.linkedCodes] as const] : [],
  );
  if (!linked.length) return own;
  const arms = linked.map(([name, linkedCodes]) => sql`(kind = ${kindLiteral(name)} and ${linkedCodes(codes)})`);
  return sql`(${sql.join(arms, sql` or `)} or (kind not in (${sql.join(
    linked.map(([name]) => kindLiteral(name)),
    sql`, `,
  )}) and ${own}))`;
}

function conditions(
  request: SearchRequest,
  catalogue: FilterCatalogue,
  plan: QueryPlan | null,
  indexed: IndexedKinds,
  typos: boolean,
  syntax: ParsedQuery | null,
): SQL[] {
  const where = declaredFilters(catalogue, request.filters).map(([declaration, values]) =>
    declaration.postgres(values),
  );
  const codes = exactCode(request.q);
  if (codes) {
    const postal = codes.filter((c) => /^\d{5}$/.test(c));
    const inCodes = codesCondition(codes, indexed);
    where.push(postal.length ? sql`(${inCodes} or ${codePostalFilter.postgres(postal)})` : inCodes);
  } else {
    const text = textCondition(request.q.trim(), plan, indexed, typos);
    if (text) where.push(text);
  }
  const phrase = (p: string) => holdsQuery(sql`phraseto_tsquery('plateau_fr', ${p})`, indexed);
  for (const p of syntax?.phrases ?? []) where.push(phrase(p));
  for (const p of syntax?.excluded ?? []) where.push(sql`not ${phrase(p)}`);
  return where;
}

/** The relevance of an entry `e` of the search entries to `q`, or null when `q` has no words to rank by. */
function score(request: SearchRequest, plan: QueryPlan | null): SQL | null {
  const q = request.q.trim();
  const query = textQuery(q);
  if (!query || exactCode(q)) return null;
  // A planned query ranks by how many of its kept words an entry holds.
  const ranked = plan?.rarest
    ? sql.join(
        plan.kept.map((w) => sql`plainto_tsquery('plateau_fr', ${w})`),
        sql` || `,
      )
    : query;
  return sql`ts_rank(to_tsvector('plateau_fr', e.document), (${ranked}))
    + word_similarity(unaccent(lower(${q})), unaccent(lower(concat_ws(' ', e.name, array_to_string(e.aliases, ' ')))))`;
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

/** The rows PostgreSQL's planner expects `statement` (an `explain`-able SELECT) to give. */
async function plannedRows(db: Db, statement: SQL): Promise<number> {
  const [row] = await db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    sql`explain (format json) ${statement}`,
  );
  return Math.round(row?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0);
}

/**
 * How many entries match, estimated by the planner, for a search past exactCountLimit. The view's own estimate is
 * PostgreSQL's default share of its rows, whatever the words; so a text query without filters is estimated from
 * each indexed kind's table, whose index statistics know how many rows hold its words (the names it is found by
 * through other tables, typos and other kinds left out); any other search from the view.
 */
async function estimate(
  db: Db,
  whereSql: SQL,
  q: string,
  plan: QueryPlan | null,
  request: SearchRequest,
  indexed: IndexedKinds,
): Promise<number> {
  const query = queryOf(q, plan);
  const filtered = Object.values(request.filters).some((values) => values?.length);
  if (!query || exactCode(q) || filtered || !indexed.size) {
    return plannedRows(db, sql`select from search_entries ${whereSql}`);
  }
  let rows = 0;
  for (const { tableName } of indexed.values()) {
    rows += await plannedRows(
      db,
      sql`select from ${sql.identifier(tableName)} t where plateau_search_vector(t) @@ (${query})`,
    );
  }
  return rows;
}

/**
 * The statement's `m`: the matches of `where` read for a page, its total and facets, best first, at most
 * exactCountLimit + 1 of them, each with its `tier`: 0 for an entry whose name is the query written without spaces or
 * punctuation (through the compact names' btree index), 1 for one holding every word typed (through the words'
 * indexes), 2 for the others (the rarest word alone, a typo). Each tier is read up to the bound on its own, so an exact
 * name is among the matches read and ranked whatever the kinds and ids of the thousands of others (verify47 02: the
 * first 1,000 in the order of kinds and ids were ranked, an operator named exactly as typed came nowhere).
 */
function matchesBestFirst(
  q: string,
  columns: SQL,
  where: SQL[],
  plan: QueryPlan | null,
  indexed: IndexedKinds,
  typos: boolean,
  ranked: boolean,
): SQL {
  const limit = exactCountLimit + 1;
  const matching = (extra: SQL | null) => {
    const all = extra ? [...where, extra] : where;
    return all.length ? sql`where ${sql.join(all, sql` and `)}` : sql``;
  };
  const every = textQuery(q);
  const text = ranked && every && !exactCode(q);
  const tiers: SQL[] = [];
  if (text) {
    tiers.push(sql`(select ${columns}, 0 as tier from search_entries
                     ${matching(sql`plateau_compact(name) = plateau_compact(${q})`)} limit ${limit})`);
    // Every word typed: what the words' condition already is for one word without typos sought.
    if (plan || typos) {
      // Each word on its own: an entry holds one in its own words and another in a linked name (a client, a city).
      const words = queryWords(q);
      const each =
        words.length > 1
          ? sql`(${sql.join(
              words.map((w) => holds(w, indexed)),
              sql` and `,
            )})`
          : null;
      tiers.push(sql`(select ${columns}, 1 as tier from search_entries
                       ${matching(each ?? holdsQuery(every, indexed))} limit ${limit})`);
    }
  }
  tiers.push(sql`(select ${columns}, ${text ? 2 : 0} as tier from search_entries ${matching(null)} limit ${limit})`);
  if (tiers.length === 1) return sql`m as materialized ${tiers[0]}`;
  return sql`m as materialized (
    select * from (select distinct on (kind, id) * from (${sql.join(tiers, sql` union all `)}) t
                    order by kind, id, tier) b
     order by tier limit ${limit})`;
}

/** The columns of the search entries a search's matches are read with: what their sorts and facets need. */
function matchColumns(names: readonly FacetName[]): SQL {
  const attributes = new Set(['kind', 'id', 'name', 'updated_at', 'latitude', 'longitude']);
  for (const name of names) attributes.add(declaredFacets[name].attribute);
  return sql.join(
    [...attributes].map((a) => sql.identifier(a)),
    sql`, `,
  );
}

/**
 * The search answered by PostgreSQL, its filters built from their declarations in `catalogue`, the words of the
 * kinds of `indexed` matched through their indexes (indexed-words.ts). Same shape as Meilisearch's answer; a total
 * above exactCountLimit is the planner's estimate (`total_exact` false) and the facets then count the first
 * exactCountLimit + 1 matches found; relevance ranks at most rankedLimit matches. `signal`, once aborted (nobody
 * awaits the answer any more: FallbackGate's `maxRunMs`), stops it before its next statement.
 */
export async function searchPostgres(
  db: Db,
  request: SearchRequest,
  catalogue: FilterCatalogue,
  signal?: AbortSignal,
  indexed: IndexedKinds = new Map(),
): Promise<SearchOutcome> {
  return db.transaction(async (tx) => {
    // The indexes of the words are the only cheap way to the matches of a common word, whatever the planner
    // estimates: read by a scan, or by the primary key's index with the words as a filter (what it picks when it
    // knows that most rows match), each row's words are computed again (seconds). Typos at Meilisearch's tolerance.
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('jit', 'off', true),
                                set_config('pg_trgm.word_similarity_threshold', '0.5', true),
                                set_config('max_parallel_workers_per_gather', '0', true)`);
    // Phrases and exclusions are conditions of their own; the words left are searched (and planned) as typed.
    const typed = request.q.trim();
    const syntax = exactCode(typed) ? null : parseQuery(typed);
    const q = syntax ? syntax.text : typed;
    const plan = await planPostgres(tx, q, indexed);
    const typos = await seeksTypos(tx, q, plan, indexed);
    signal?.throwIfAborted();
    const where = conditions({ ...request, q }, catalogue, plan, indexed, typos, syntax);
    const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
    const offset = (request.page - 1) * request.limit;
    const direction = request.sort?.descending ? sql`desc` : sql`asc`;
    let page: SQL;
    if (request.sort) {
      const sortKey =
        request.sort.key === 'name'
          ? sql`name collate "fr-x-icu"`
          : request.sort.key === 'distance' && request.point
            ? entryDistanceKm(request.point)
            : sql`updated_at`;
      // A keyset page of the name sort (`after`, lists only: one kind): the entries beyond the last one given. Ties
      // are broken by the id in the sort's own direction, as the keyset compares it (and Meilisearch sorts: `id:desc`
      // after `name:desc`): id ascending under `-name` repeated a tie's first ones and skipped the rest (verify48 01).
      // A descending sort is so the exact reverse of the ascending one.
      const beyond = request.sort.descending ? sql`<` : sql`>`;
      const after = request.after
        ? sql`(name collate "fr-x-icu", id) ${beyond} (${request.after.name} collate "fr-x-icu", ${request.after.id})`
        : null;
      const pageWhere = after ? sql`where ${sql.join([...where, after], sql` and `)}` : whereSql;
      page = sql`select s.kind, s.id, ${offset} + row_number() over () as position
                   from (select kind, id from search_entries ${pageWhere}
                          order by ${sortKey} ${direction}, kind ${direction}, id ${direction}
                          offset ${offset} limit ${request.limit}) s`;
    } else {
      const relevance = score({ ...request, q }, plan);
      const scored = relevance
        ? sql`case when f.pre <= ${rankedLimit} then (select ${relevance} from search_entries e
                                                       where e.kind = f.kind and e.id = f.id offset 0) end`
        : sql`null::real`;
      page = sql`select r.kind, r.id, r.position from (
                   select f.kind, f.id,
                          row_number() over (order by f.tier, ${scored} desc nulls last,
                                                      case when f.pre <= ${rankedLimit} then f.name end collate "fr-x-icu",
                                                      f.pre) as position
                     from (select m.kind, m.id, m.name, m.tier,
                                  row_number() over (order by m.tier, m.kind collate "C", m.id collate "C") as pre
                             from m) f) r
                  where r.position > ${offset} and r.position <= ${offset + request.limit}`;
    }
    const result = await tx.execute<
      Partial<EntryRow> & {
        position: string | null;
        total: number;
        facets: [number, string, number][];
        distance_km?: number | null;
      } & Record<string, unknown>
    >(sql`
      with ${matchesBestFirst(q, matchColumns(request.facets), where, plan, indexed, typos, !request.sort)},
      c as (select (select count(*)::int from m) as total, ${facetCountsJson(request.facets)} as facets),
      p as materialized (${page})
      select e.*, p.position${request.point ? sql`, ${entryDistanceFigure(request.point)} as distance_km` : sql``},
             c.total, c.facets
        from c left join (p cross join lateral (
               select ${sql.raw(entryColumnList)} from search_entries e where e.kind = p.kind and e.id = p.id offset 0) e)
          on true
       order by p.position`);
    signal?.throwIfAborted();
    const rows = [...result].filter((row) => row.position !== null) as unknown as (EntryRow & {
      distance_km?: number | null;
    })[];
    const count = result[0];
    let total = count?.total ?? 0;
    // Without typos sought, the entries a typo would find are not counted; with them, not those past a kind's cap.
    const exact =
      total <= exactCountLimit &&
      (typos ? !(await typosCut(tx, q, indexed)) : !queryOf(q, plan) || Boolean(exactCode(q)) || !typosPossible(q));
    if (total > exactCountLimit) total = Math.max(total, await estimate(tx, whereSql, q, plan, request, indexed));
    const facets = facetsOf(request.facets, count?.facets ?? []);
    return {
      hits: rows.map((row) => {
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
      total,
      total_exact: exact,
      // Relevance ranks the matches read; a sort pages through every match (verify47 01).
      reachable: request.sort ? searchReach : exactCountLimit + 1,
      facets,
      degraded: true,
    };
  });
}
