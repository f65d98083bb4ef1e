// A kind's list: its query schema (from its declared filters and sorts) and
// its answer. A list given `q` or `facets` is answered by search (Meilisearch,
// or PostgreSQL when it is down) with the same filters.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { invalidParameters } from '../domain/errors.js';
import type { FacetName } from '../listing/facets.js';
import { givenPoint, nearPoint } from '../listing/near.js';
import { decodeCursor, encodeCursor, type SearchSort } from '../listing/pagination.js';
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
import { searchPagesCeiling } from '../search/params.js';
import type { SearchOutcome } from '../search/request.js';
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
    { in: 'query', name: 'sort', message: `with q or facets, sort must be one of: ${accepted.join(', ')}` },
  ]);
}

/** The labelled counts of the facets asked, under the list's names for them. */
async function listFacetCounts(db: Db, asked: [string, FacetName][], counts: SearchOutcome['facets']) {
  const labelled = await labelFacets(db, counts);
  return Object.fromEntries(asked.map(([name, facet]) => [name, labelled[facet] ?? []]));
}

/** A cursor over search results carries the next page number. */
const searchCursorSort = (sort: string | undefined) => `search:${sort ?? 'relevance'}`;

async function searchList(request: FastifyRequest, kind: ListedKind, byIds: ByIds, query: ListQuery) {
  const { database, directorySearch } = request.server;
  const sort = searchSort(kind, query.sort, query);
  const cursorSort = searchCursorSort(query.sort);
  const binding = { list: `${kind.plural} (search)`, filters: { ...filterValues(kind.filters, query), q: query.q } };
  const page = query.cursor ? Number(decodeCursor(query.cursor, cursorSort, 'integer', binding).v) : 1;
  if (page < 1)
    throw invalidParameters([{ in: 'query', name: 'cursor', message: 'is not a cursor returned by this API' }]);
  if (page * query.limit > searchPagesCeiling) {
    throw invalidParameters([
      {
        in: 'query',
        name: 'cursor',
        message: `search results stop at ${searchPagesCeiling} entries; narrow the filters`,
      },
    ]);
  }
  const facetNames = listFacets(kind.filters);
  const asked = (query.facets ?? []).map((name): [string, FacetName] => [name, facetNames.get(name)!]);
  const outcome = await directorySearch.service.search({
    q: query.q ?? '',
    filters: { ...searchFilterValues(kind.filters, query), kind: [kind.name] },
    facets: asked.map(([, facet]) => facet),
    page,
    limit: query.limit,
    sort,
    point: givenPoint(query),
  });
  const rows = await byIds(
    database.db,
    outcome.hits.map((h) => h.id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const more = page * query.limit < Math.min(outcome.total, searchPagesCeiling);
  return {
    // The index may briefly lag a delete: skip what Postgres no longer has. A hit's distance from `near` goes along.
    data: outcome.hits.flatMap((h) => {
      const row = byId.get(h.id);
      if (!row) return [];
      return h.distance_km !== undefined ? [{ ...row, distance_km: h.distance_km }] : [row];
    }),
    total: outcome.total,
    // Meilisearch counts matches exactly up to its maxTotalHits (the pages' ceiling), and stops there.
    total_exact: outcome.total < searchPagesCeiling,
    limit: query.limit,
    next_cursor: more ? encodeCursor({ s: cursorSort, v: page + 1, i: '' }, binding) : null,
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
  if (queries.byIds && (query.q !== undefined || query.facets !== undefined)) {
    return reply.send(await searchList(request, kind, queries.byIds, query));
  }
  const page = await queries.list(db, { ...query, sort: query.sort ?? kind.sorts.default });
  return reply.send({
    data: page.rows,
    total: page.total,
    total_exact: page.total_exact,
    limit: query.limit,
    next_cursor: page.next_cursor,
  });
}
