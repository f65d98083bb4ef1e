// The two read routes every kind of the directory has: a filtered, paginated
// list and a detail by id.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { notFound } from './errors.js';
import { idParams, problemResponses } from './schemas.js';

interface EntityRoutes<Query extends z.ZodType<{ limit: number }>, Item, Detail> {
  tag: string;
  /** Singular name, for messages (`site`). */
  singular: string;
  /** Used in operation ids: `Site` → listSites, getSite. */
  operationName: string;
  listSummary: string;
  detailSummary: string;
  listQuery: Query;
  page: z.ZodType;
  detail: z.ZodType;
  list(db: Db, query: z.output<Query>): Promise<{ rows: Item[]; total: number; next_cursor: string | null }>;
  get(db: Db, id: string): Promise<Detail | null>;
}

export function entityRoutes<Query extends z.ZodType<{ limit: number }>, Item, Detail>(
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
        const page = await spec.list(app.database.db, query);
        return { data: page.rows, total: page.total, limit: query.limit, next_cursor: page.next_cursor };
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
          response: { 200: spec.detail, 400: problemResponses[400], 404: problemResponses[404] },
        },
      },
      async (request) => {
        const entity = await spec.get(app.database.db, request.params.id);
        if (!entity) throw notFound(spec.singular, request.params.id);
        return entity;
      },
    );
  };
}
