// The two read routes every kind of the directory has: a filtered, paginated
// list and a detail by id. A list given `q` or `facets` is answered by search
// (Meilisearch, or PostgreSQL when it is down) with the same filters.

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { DomainError, invalidParameters, notFound } from '../domain/errors.js';
import { tombstoneOf } from '../history/read.js';
import { columnsOf, csvLine, csvRow, exportBatch, exportFormats } from '../listing/export.js';
import { decodeCursor, encodeCursor } from '../listing/pagination.js';
import { labelFacets } from '../search/facet-labels.js';
import { searchPagesCeiling } from '../search/params.js';
import type { FacetName, SearchFilters } from '../search/request.js';
import { etagOf } from '../writes/transaction.js';
import { idParams, noQuery, problemResponses, problemSchema } from './schemas.js';

interface ListQuery {
  limit: number;
  sort?: string | undefined;
  cursor?: string | undefined;
  q?: string | undefined;
  facets?: FacetName[] | undefined;
}

interface EntityRoutes<Query extends z.ZodType<ListQuery>, Item, Detail> {
  tag: string;
  /** Singular name, for messages (`site`). */
  singular: string;
  /** Used in operation ids: `Site` → listSites, getSite. */
  operationName: string;
  listSummary: string;
  detailSummary: string;
  listQuery: Query;
  /** The summary of one entry, as lists return it (and exports write it). */
  summary: z.ZodObject;
  /** The sort when the client gives none (and no `q`). */
  defaultSort: string;
  page: z.ZodType;
  detail: z.ZodType;
  /** Refuses filters naming ids that do not exist, before listing or searching. */
  checkFilters?(db: Db, query: z.output<Query>): Promise<void>;
  list(
    db: Db,
    query: z.output<Query> & { sort: string },
  ): Promise<{ rows: Item[]; total: number; next_cursor: string | null }>;
  get(db: Db, id: string): Promise<Detail | null>;
  /** Searching this kind: its kind in the index, its filters as search filters, its summaries by id. */
  search?: {
    kind: string;
    filters(query: z.output<Query>): SearchFilters;
    /** List sort keys that search can honour, and the index attribute behind each. */
    sorts: Record<string, 'name' | 'updated_at'>;
    byIds(db: Db, ids: string[]): Promise<{ id: string }[]>;
  };
}

/** A cursor over search results carries the next page number. */
const searchCursorSort = (sort: string | undefined) => `search:${sort ?? 'relevance'}`;

async function searchList<Query extends ListQuery, Item>(
  app: FastifyInstance,
  spec: NonNullable<EntityRoutes<z.ZodType<Query>, Item, unknown>['search']>,
  query: Query,
) {
  let sort: { key: 'name' | 'updated_at'; descending: boolean } | undefined;
  if (query.sort) {
    const descending = query.sort.startsWith('-');
    const key = spec.sorts[descending ? query.sort.slice(1) : query.sort];
    if (!key) {
      const accepted = Object.keys(spec.sorts).flatMap((k) => [k, `-${k}`]);
      throw invalidParameters([
        { in: 'query', name: 'sort', message: `with q or facets, sort must be one of: ${accepted.join(', ')}` },
      ]);
    }
    sort = { key, descending };
  }
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
    filters: { ...spec.filters(query), kind: [spec.kind] },
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

export function entityRoutes<Query extends z.ZodType<ListQuery>, Item, Detail>(
  spec: EntityRoutes<Query, Item, Detail>,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        schema: {
          tags: [spec.tag],
          operationId: `list${spec.operationName}s`,
          summary: spec.listSummary,
          querystring: spec.listQuery,
          response: { 200: spec.page, 400: problemResponses[400] },
        },
      },
      async (request) => {
        const query = request.query as z.output<Query>;
        await spec.checkFilters?.(app.database.db, query);
        if (spec.search && (query.q !== undefined || query.facets !== undefined)) {
          return searchList(app, spec.search, query);
        }
        const page = await spec.list(app.database.db, { ...query, sort: query.sort ?? spec.defaultSort });
        return { data: page.rows, total: page.total, limit: query.limit, next_cursor: page.next_cursor };
      },
    );

    const listShape = (spec.listQuery as unknown as z.ZodObject).shape;
    const notForExport = Object.fromEntries(
      ['q', 'facets', 'limit', 'cursor', 'sort'].filter((k) => k in listShape).map((k) => [k, true]),
    );
    const exportQuery = (spec.listQuery as unknown as z.ZodObject).omit(notForExport as never).extend({
      format: z.enum(exportFormats).meta({ description: 'csv (semicolon-separated, UTF-8 with BOM) or jsonl.' }),
    });
    const columns = columnsOf(spec.summary);

    app.get(
      '/export',
      {
        schema: {
          tags: [spec.tag],
          operationId: `export${spec.operationName}s`,
          summary: `Every ${spec.singular} matching the filters, streamed as CSV or JSON lines`,
          description:
            'The complete result, not capped like search. CSV: a header row, semicolons, UTF-8 with a byte-order mark, cells a spreadsheet would read as formulas neutralised with a leading apostrophe. The export time and the filters used are in the X-Export-Generated-At and X-Export-Filters headers and in the file name.',
          querystring: exportQuery,
          response: {
            200: z.string().meta({ description: 'text/csv or application/x-ndjson.' }),
            400: problemResponses[400],
          },
        },
      },
      async (request, reply) => {
        const { format, ...filters } = request.query as { format: (typeof exportFormats)[number] } & Record<
          string,
          unknown
        >;
        await spec.checkFilters?.(app.database.db, { ...filters, limit: exportBatch } as z.output<Query>);
        const generatedAt = new Date().toISOString();
        const stamp = generatedAt.replace(/[:.]/g, '-');
        const { db } = app.database;
        const list = spec.list;
        const summary = spec.summary;
        async function* lines() {
          if (format === 'csv') yield `\uFEFF${csvLine(columns)}`;
          let cursor: string | undefined;
          do {
            const page = await list(db, {
              ...filters,
              limit: exportBatch,
              cursor,
              sort: 'created_at',
            } as z.output<Query> & { sort: string });
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
          .header('content-disposition', `attachment; filename="plateau-${spec.tag}-${stamp}.${format}"`)
          .header('x-export-generated-at', generatedAt)
          .header('x-export-filters', new URLSearchParams(request.url.split('?')[1] ?? '').toString())
          .send(Readable.from(lines()) as unknown as string); // a stream is sent as is, not serialized
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          tags: [spec.tag],
          operationId: `get${spec.operationName}`,
          summary: spec.detailSummary,
          params: idParams,
          querystring: noQuery,
          response: {
            200: spec.detail,
            400: problemResponses[400],
            404: problemResponses[404],
            410: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const entity = await spec.get(app.database.db, request.params.id);
        if (!entity) {
          const kind = spec.search?.kind;
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
              `The ${spec.singular} '${request.params.id}' was deleted on ${tombstone.at.toISOString()}.`,
            );
          }
          throw notFound(spec.singular, request.params.id);
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
