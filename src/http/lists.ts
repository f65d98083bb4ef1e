// A kind's list: its query schema (from its declared filters and sorts) and
// its answer. A list given `q` is answered by search (Meilisearch, or
// PostgreSQL when it is down) with the same filters; `facets` are counted by
// search, beside the list's own rows.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { invalidParameters } from '../domain/errors.js';
import { cursorKeysOf } from '../listing/cursor-keys.js';
import type { FacetName } from '../listing/facets.js';
import { givenPoint, nearPoint } from '../listing/near.js';
import { type CursorBinding, decodeCursor, encodeCursor, type SearchSort } from '../listing/pagination.js';
import {
  checkFilterIds,
  filterValues,
  type Listing,
  type ListRequest,
  listFacets,
  listQuery,
  searchFilterValues,
} from '../listing/query.js';
import { labelFacets } from '../search/facet-labels.js';
import { searchReach } from '../search/params.js';
import type { SearchOutcome, SearchRequest } from '../search/request.js';
import { json, listProblems } from './responses.js';

/** What the list and export helpers need of a kind: its names, filters and sorts (a KindDefinition fits). */
export interface ListedKind extends Listing {
  /** Singular, as search and the history name it: `site`. */
  name: string;
  /** The path segment under /v1 and the export's file name: `sites`. */
  plural: string;
}

/** One page of a kind's list, as its module's queries read it. */
export type ListPage = (
  db: Db,
  query: ListRequest,
) => Promise<{ rows: object[]; total: number; total_exact: boolean; next_cursor: string | null }>;

/** Summaries by id (any order), for a kind search holds. */
export type ByIds = (db: Db, ids: string[]) => Promise<{ id: string }[]>;

/** A list query as validated: the page, `q` and `facets`, and each filter's values by parameter name. */
interface ListQuery {
  readonly [parameter: string]: unknown;
  limit: number;
  sort?: string | undefined;
  cursor?: string | undefined;
  q?: string | undefined;
  /** The list's names of its facets (`listFacets`). */
  facets?: string[] | undefined;
}

/**
 * The schema of a kind's list: its filters, `sort`, `limit`, `cursor` and,
 * when search holds the kind, `q` and `facets`; a page of `page`, or 400.
 */
export function listSchema<Page extends z.ZodType>(kind: Listing, page: Page, options: { searchable: boolean }) {
  return {
    querystring: listQuery(kind, options),
    response: { 200: json('A page of the list.', page), ...listProblems },
  };
}

/** The search sort of a list's `sort`: only keys the kind declares search can honour. */
function searchSort(listing: Listing, sort: string | undefined, query: ListQuery) {
  if (!sort) return undefined;
  const descending = sort.startsWith('-');
  const key: SearchSort | undefined = listing.sorts.keys[descending ? sort.slice(1) : sort]?.search;
  if (key === 'distance') nearPoint(query);
  if (key) return { key, descending };
  const accepted = Object.entries(listing.sorts.keys).flatMap(([name, k]) => (k.search ? [name, `-${name}`] : []));
  throw invalidParameters([
    { in: 'query', name: 'sort', message: `with q, sort must be one of: ${accepted.join(', ')}` },
  ]);
}

/** The labelled counts of the facets asked, under the list's names for them. */
async function listFacetCounts(db: Db, asked: [string, FacetName][], counts: SearchOutcome['facets']) {
  const labelled = await labelFacets(db, counts);
  return Object.fromEntries(asked.map(([name, facet]) => [name, labelled[facet] ?? []]));
}

/** The search order a list's cursor with `q` continues: by relevance unless a sort is given. */
const searchCursorSort = (sort: string | undefined) => `search:${sort ?? 'relevance'}`;

/**
 * Where a page of a list with `q` starts. Sorted by name, it continues after the last entry of the previous page
 * (its name and id in the engine's order: a keyset, which entries written meanwhile do not shift); in any other
 * order (relevance, date of change, distance) it is a page number: a position in the ranking, which an entry
 * added or removed before it shifts by one.
 */
function searchPosition(query: ListQuery, sort: SearchRequest['sort'], binding: CursorBinding) {
  const cursorSort = searchCursorSort(query.sort);
  const keyset = sort?.key === 'name';
  if (!query.cursor) return { cursorSort, keyset, page: 1, after: undefined };
  const cursor = decodeCursor(query.cursor, cursorSort, keyset ? 'text' : 'integer', binding);
  if (keyset) return { cursorSort, keyset, page: 1, after: { name: String(cursor.v), id: cursor.i } };
  const page = Number(cursor.v);
  if (page < 1 || page * query.limit > searchReach) {
    throw invalidParameters([{ in: 'query', name: 'cursor', message: 'is not a cursor returned by this API' }]);
  }
  return { cursorSort, keyset, page, after: undefined };
}

/** The search a list asks for its `q`, its filters, facets and kind, from `page` (`limit` hits, or `after`). */
function listSearch(kind: ListedKind, query: ListQuery, asked: [string, FacetName][], at: Partial<SearchRequest>) {
  return {
    q: query.q ?? '',
    filters: { ...searchFilterValues(kind.filters, query), kind: [kind.name] },
    facets: asked.map(([, facet]) => facet),
    page: 1,
    limit: query.limit,
    point: givenPoint(query),
    ...at,
  };
}

/** The facets a list asks (`facets`), each with the facet search counts under the list's name for it. */
function askedFacets(kind: ListedKind, query: ListQuery): [string, FacetName][] {
  const facetNames = listFacets(kind.filters);
  return (query.facets ?? []).map((name): [string, FacetName] => [name, facetNames.get(name)!]);
}

/**
 * A page of a list with `q`, answered by search (Meilisearch, or PostgreSQL when it is down). `total` is the
 * engine's count of the whole result, exact up to its reach (`searchReach`; a lower bound above, `total_exact`
 * false), and every match is reachable page after page.
 */
async function searchList(request: FastifyRequest, kind: ListedKind, byIds: ByIds, query: ListQuery) {
  const { database, directorySearch } = request.server;
  const sort = searchSort(kind, query.sort, query);
  const binding = {
    list: `${kind.plural} (search)`,
    filters: { ...filterValues(kind.filters, query), q: query.q },
    keys: await cursorKeysOf(database.db),
  };
  const { cursorSort, keyset, page, after } = searchPosition(query, sort, binding);
  const asked = askedFacets(kind, query);
  // A keyset page asks one hit more than it shows: whether there is a next page.
  const outcome = await directorySearch.service.search(
    listSearch(kind, query, asked, { sort, page, after, limit: keyset ? query.limit + 1 : query.limit }),
  );
  const hits = outcome.hits.slice(0, query.limit);
  const rows = await byIds(
    database.db,
    hits.map((h) => h.id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const last = hits.at(-1);
  const next = keyset
    ? outcome.hits.length > query.limit && last
      ? encodeCursor({ s: cursorSort, v: last.name, i: last.id }, binding)
      : null
    : page * query.limit < Math.min(outcome.total, outcome.reachable)
      ? encodeCursor({ s: cursorSort, v: page + 1, i: '' }, binding)
      : null;
  return {
    // The index may briefly lag a delete: skip what Postgres no longer has. A hit's distance from `near` goes along.
    data: hits.flatMap((h) => {
      const row = byId.get(h.id);
      if (!row) return [];
      return h.distance_km !== undefined ? [{ ...row, distance_km: h.distance_km }] : [row];
    }),
    total: outcome.total,
    total_exact: outcome.total_exact,
    limit: query.limit,
    next_cursor: next,
    facets: await listFacetCounts(database.db, asked, outcome.facets),
    degraded: outcome.degraded,
  };
}

/**
 * Sends the page a list request asks for: after checking the ids its filters
 * name, search answers when it gives `q` or `facets` (and the kind has
 * `byIds`), else the kind's `list`, in its default sort unless one is given.
 */
export async function sendList(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: ListedKind,
  queries: { list: ListPage; byIds?: ByIds },
) {
  const query = request.query as ListQuery;
  const { db } = request.server.database;
  await checkFilterIds(db, kind.filters, query);
  if (queries.byIds && query.q !== undefined) {
    return reply.send(await searchList(request, kind, queries.byIds, query));
  }
  // Facets count what the list holds; they do not change which entries it gives (PostgreSQL's, keyset pages).
  const asked = query.facets !== undefined ? askedFacets(kind, query) : undefined;
  const [page, counts] = await Promise.all([
    queries.list(db, { ...query, sort: query.sort ?? kind.sorts.default }),
    asked && request.server.directorySearch.service.search(listSearch(kind, query, asked, { limit: 0 })),
  ]);
  return reply.send({
    data: page.rows,
    total: page.total,
    total_exact: page.total_exact,
    limit: query.limit,
    next_cursor: page.next_cursor,
    ...(asked && counts ? { facets: await listFacetCounts(db, asked, counts.facets), degraded: counts.degraded } : {}),
  });
}
