// The read routes every kind of the directory has: a filtered, paginated
// list, its export, and a detail by id. A list given `q` or `facets` is
// answered by search (Meilisearch, or PostgreSQL when it is down). The list
// query, its SQL, its search filters and the export's query all come from the
// kind's declared filters and sorts (modules/<kind>/filters.ts).

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { DomainError, invalidParameters, notFound } from '../domain/errors.js';
import { tombstoneOf } from '../history/read.js';
import { columnsOf, csvLine, csvRow, exportBatch, exportFormats } from '../listing/export.js';
import type { FacetName } from '../listing/facets.js';
import { decodeCursor, encodeCursor, type SearchSort } from '../listing/pagination.js';
import {
  checkFilterIds,
  filterParams,
  type Listing,
  type ListRequest,
  listQuery,
  searchFilterValues,
} from '../listing/query.js';
import { labelFacets } from '../search/facet-labels.js';
import { searchPagesCeiling } from '../search/params.js';
import { etagOf } from '../writes/transaction.js';
import { idParams, noQuery, problemResponses, problemSchema } from './schemas.js';

/** A list query as validated: the page, `q` and `facets`, and each filter's values by parameter name. */
interface ListQuery {
  readonly [parameter: string]: unknown;
  limit: number;
  sort?: string | undefined;
  cursor?: string | undefined;
  q?: string | undefined;
  facets?: FacetName[] | undefined;
}

/** What the read routes need of a kind: its names, filters and sorts (a KindDefinition fits). */
export interface ListedKind extends Listing {
  /** Singular, for messages and operation ids: `site` → listSites, getSite. */
  name: string;
  /** The OpenAPI tag and the export's file name: `sites`. */
  plural: string;
}

/** A kind's read routes: the kind, the summaries of its operations, its schemas and queries. */
interface EntityRoutes<Item, Detail> {
  kind: ListedKind;
  listSummary: string;
  detailSummary: string;
  schemas: {
    /** The summary of one entry, as lists return it (and exports write it). */
    summary: z.ZodObject;
    page: z.ZodType;
    detail: z.ZodType;
  };
  list(db: Db, query: ListRequest): Promise<{ rows: Item[]; total: number; next_cursor: string | null }>;
  get(db: Db, id: string): Promise<Detail | null>;
  /** Summaries by id, for a kind search holds: its lists then take `q` and `facets`. */
  byIds?(db: Db, ids: string[]): Promise<{ id: string }[]>;
}

/** How a list given `q` or `facets` searches: the kind in the index, and summaries by id. */
interface SearchSpec {
  kind: string;
  byIds(db: Db, ids: string[]): Promise<{ id: string }[]>;
}

/** The search sort of a list's `sort`: only keys the kind declares search can honour. */
function searchSort(listing: Listing, sort: string | undefined) {
  if (!sort) return undefined;
  const descending = sort.startsWith('-');
  const key: SearchSort | undefined = listing.sorts.keys[descending ? sort.slice(1) : sort]?.search;
  if (key) return { key, descending };
  const accepted = Object.entries(listing.sorts.keys).flatMap(([name, k]) => (k.search ? [name, `-${name}`] : []));
  throw invalidParameters([
    { in: 'query', name: 'sort', message: `with q or facets, sort must be one of: ${accepted.join(', ')}` },
  ]);
}

/** A cursor over search results carries the next page number. */
const searchCursorSort = (sort: string | undefined) => `search:${sort ?? 'relevance'}`;

async function searchList(app: FastifyInstance, spec: SearchSpec, listing: Listing, query: ListQuery) {
  const sort = searchSort(listing, query.sort);
  const cursorSort = searchCursorSort(query.sort);
  const page = query.cursor ? Number(decodeCursor(query.cursor, cursorSort, 'integer').v) : 1;
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
  const outcome = await app.directorySearch.service.search({
    q: query.q ?? '',
    filters: { ...searchFilterValues(listing.filters, query), kind: [spec.kind] },
    facets: query.facets ?? [],
    page,
    limit: query.limit,
    sort,
  });
  const rows = await spec.byIds(
    app.database.db,
    outcome.hits.map((h) => h.id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const more = page * query.limit < Math.min(outcome.total, searchPagesCeiling);
  return {
    // The index may briefly lag a delete: skip what Postgres no longer has.
    data: outcome.hits.flatMap((h) => byId.get(h.id) ?? []),
    total: outcome.total,
    limit: query.limit,
    next_cursor: more ? encodeCursor({ s: cursorSort, v: page + 1, i: '' }) : null,
    facets: await labelFacets(app.database.db, outcome.facets),
    degraded: outcome.degraded,
  };
}

/** A kind's list, export and detail routes; the list and export queries come from its filters and sorts. */
export function entityRoutes<Item, Detail>(spec: EntityRoutes<Item, Detail>): FastifyPluginAsyncZod {
  const { filters, sorts } = spec.kind;
  const { summary } = spec.schemas;
  const tag = spec.kind.plural;
  const singular = spec.kind.name;
  const operationName = singular.charAt(0).toUpperCase() + singular.slice(1);
  const search: SearchSpec | undefined = spec.byIds && { kind: singular, byIds: spec.byIds };
  const exportQuery = z.strictObject({
    ...filterParams(filters),
    format: z.enum(exportFormats).meta({ description: 'csv (semicolon-separated, UTF-8 with BOM) or jsonl.' }),
  });
  return async (app) => {
    app.get(
      '/',
      {
        schema: {
          tags: [tag],
          operationId: `list${operationName}s`,
          summary: spec.listSummary,
          querystring: listQuery(spec.kind, { searchable: search !== undefined }),
          response: { 200: spec.schemas.page, 400: problemResponses[400] },
        },
      },
      async (request) => {
        const query = request.query as ListQuery;
        await checkFilterIds(app.database.db, filters, query);
        if (search && (query.q !== undefined || query.facets !== undefined)) {
          return searchList(app, search, spec.kind, query);
        }
        const page = await spec.list(app.database.db, { ...query, sort: query.sort ?? sorts.default });
        return { data: page.rows, total: page.total, limit: query.limit, next_cursor: page.next_cursor };
      },
    );

    const columns = columnsOf(summary);

    app.get(
      '/export',
      {
        schema: {
          tags: [tag],
          operationId: `export${operationName}s`,
          summary: `Every ${singular} matching the filters, streamed as CSV or JSON lines`,
          description:
            'The complete result, not capped like search. CSV: a header row, semicolons, UTF-8 with a byte-order ' +
            'mark, cells a spreadsheet would read as formulas neutralised with a leading apostrophe. The export ' +
            'time and the filters used are in the X-Export-Generated-At and X-Export-Filters headers and in the ' +
            'file name.',
          querystring: exportQuery,
          response: {
            200: z.string().meta({ description: 'text/csv or application/x-ndjson.' }),
            400: problemResponses[400],
          },
        },
      },
      async (request, reply) => {
        const { format, ...given } = request.query as { format: (typeof exportFormats)[number] } & Record<
          string,
          unknown
        >;
        await checkFilterIds(app.database.db, filters, given);
        const generatedAt = new Date().toISOString();
        const stamp = generatedAt.replace(/[:.]/g, '-');
        const { db } = app.database;
        const list = spec.list;
        async function* lines() {
          if (format === 'csv') yield `\uFEFF${csvLine(columns)}`;
          let cursor: string | undefined;
          do {
            const page = await list(db, { ...given, limit: exportBatch, cursor, sort: 'created_at' });
            let chunk = '';
            for (const row of page.rows) {
              const clean = summary.parse(row);
              chunk += format === 'csv' ? csvRow(clean, columns) : `${JSON.stringify(clean)}\n`;
            }
            if (chunk) yield chunk;
            cursor = page.next_cursor ?? undefined;
          } while (cursor);
        }
        return reply
          .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="plateau-${tag}-${stamp}.${format}"`)
          .header('x-export-generated-at', generatedAt)
          .header('x-export-filters', new URLSearchParams(request.url.split('?')[1] ?? '').toString())
          .send(Readable.from(lines()) as unknown as string); // a stream is sent as is, not serialized
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          tags: [tag],
          operationId: `get${operationName}`,
          summary: spec.detailSummary,
          params: idParams,
          querystring: noQuery,
          response: {
            200: spec.schemas.detail,
            400: problemResponses[400],
            404: problemResponses[404],
            410: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const entity = await spec.get(app.database.db, request.params.id);
        if (!entity) {
          const kind = search?.kind;
          const tombstone = kind ? await tombstoneOf(app.database.db, kind, request.params.id) : null;
          if (tombstone?.action === 'merge') {
            // The duplicate answers with a permanent redirect to the entry it was merged into.
            // No body, so no response schema: the codes are outside the typed ones.
            return (reply as unknown as FastifyReply)
              .code(308)
              .header('location', `${request.routeOptions.url?.replace(':id', tombstone.merged_into ?? '') ?? ''}`)
              .send();
          }
          if (tombstone) {
            throw new DomainError(
              'gone',
              `The ${singular} '${request.params.id}' was deleted on ${tombstone.at.toISOString()}.`,
            );
          }
          throw notFound(singular, request.params.id);
        }
        const version = (entity as { version?: number }).version;
        if (version !== undefined) {
          const etag = etagOf(version);
          reply.header('etag', etag);
          const ifNoneMatch = request.headers['if-none-match'];
          if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) {
            return (reply as unknown as FastifyReply).code(304).send();
          }
        }
        return entity;
      },
    );
  };
}
