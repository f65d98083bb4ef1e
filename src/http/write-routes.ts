import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { notFound } from '../domain/errors.js';
import { historyEntry, historyOf } from '../history/read.js';
import { etagOf, type WriteContext } from '../writes/bookkeeping.js';
import { idParams, noQuery, problemSchema } from './schemas.js';

export const bearerSecurity = [{ apiKey: [] }];

const writeProblems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  410: problemSchema,
  412: problemSchema,
  422: problemSchema,
  428: problemSchema,
};

const ifMatchHeaders = z.object({
  'if-match': z.string().optional().meta({ description: 'The ETag of the entry as last read. Required.' }),
});

interface WriteSpec<Create extends z.ZodType, Patch extends z.ZodType> {
  kind: string;
  tag: string;
  singular: string;
  operationName: string;
  basePath: string;
  createBody: Create;
  patchBody: Patch;
  detail: z.ZodType;
  create(ctx: WriteContext, body: z.output<Create>): Promise<{ id: string }>;
  update(ctx: WriteContext, id: string, body: z.output<Patch>, ifMatch: string | undefined): Promise<unknown>;
  remove(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<void>;
  /** The detail as GET returns it, with its version. */
  get(db: Db, id: string): Promise<({ version: number } & object) | null>;
  /** Merging a duplicate into a survivor, where the kind supports it. */
  merge?: {
    body: z.ZodType<{ into: string }>;
    run(ctx: WriteContext, id: string, body: { into: string }, ifMatch: string | undefined): Promise<unknown>;
  };
}

export function writeRoutes<Create extends z.ZodType, Patch extends z.ZodType>(
  spec: WriteSpec<Create, Patch>,
): FastifyPluginAsyncZod {
  return async (app) => {
    const requireWrite = app.requireKey('write');
    const context = (request: { actor: WriteContext['actor'] | null }): WriteContext => ({
      db: app.database.db,
      actor: request.actor!,
    });

    app.post(
      '/',
      {
        onRequest: requireWrite,
        schema: {
          tags: [spec.tag],
          operationId: `create${spec.operationName}`,
          summary: `Create a ${spec.singular}, with its sources`,
          security: bearerSecurity,
          querystring: noQuery,
          body: spec.createBody,
          response: { 201: spec.detail, ...writeProblems },
        },
      },
      async (request, reply) => {
        const { id } = await spec.create(context(request), request.body as z.output<Create>);
        const detail = (await spec.get(app.database.db, id))!;
        return reply
          .code(201)
          .header('location', `${spec.basePath}/${id}`)
          .header('etag', etagOf(detail.version))
          .send(detail);
      },
    );

    app.patch(
      '/:id',
      {
        onRequest: requireWrite,
        schema: {
          tags: [spec.tag],
          operationId: `update${spec.operationName}`,
          summary: `Change a ${spec.singular}: the fields given, with their sources`,
          security: bearerSecurity,
          params: idParams,
          querystring: noQuery,
          headers: ifMatchHeaders,
          body: spec.patchBody,
          response: { 200: spec.detail, ...writeProblems },
        },
      },
      async (request, reply) => {
        await spec.update(
          context(request),
          request.params.id,
          request.body as z.output<Patch>,
          request.headers['if-match'],
        );
        const detail = (await spec.get(app.database.db, request.params.id))!;
        return reply.header('etag', etagOf(detail.version)).send(detail);
      },
    );

    app.delete(
      '/:id',
      {
        onRequest: requireWrite,
        schema: {
          tags: [spec.tag],
          operationId: `delete${spec.operationName}`,
          summary: `Delete a ${spec.singular} (its history and a tombstone remain)`,
          security: bearerSecurity,
          params: idParams,
          querystring: noQuery,
          headers: ifMatchHeaders,
          response: { 204: z.null().meta({ description: 'Deleted.' }), ...writeProblems },
        },
      },
      async (request, reply) => {
        await spec.remove(context(request), request.params.id, request.headers['if-match']);
        return reply.code(204).send(null);
      },
    );

    const merge = spec.merge;
    if (merge) {
      app.post(
        '/:id/merge',
        {
          onRequest: requireWrite,
          schema: {
            tags: [spec.tag],
            operationId: `merge${spec.operationName}`,
            summary: `Merge a duplicate ${spec.singular} into another; the duplicate's id then redirects (308) to it`,
            security: bearerSecurity,
            params: idParams,
            querystring: noQuery,
            headers: ifMatchHeaders,
            body: merge.body,
            response: { 200: spec.detail, ...writeProblems },
          },
        },
        async (request, reply) => {
          const body = request.body as { into: string };
          await merge.run(context(request), request.params.id, body, request.headers['if-match']);
          const detail = (await spec.get(app.database.db, body.into))!;
          return reply
            .header('etag', etagOf(detail.version))
            .header('content-location', `${spec.basePath}/${body.into}`)
            .send(detail);
        },
      );
    }

    app.get(
      '/:id/history',
      {
        schema: {
          tags: [spec.tag],
          operationId: `get${spec.operationName}History`,
          summary: `Every change of a ${spec.singular}, oldest first, with its sources`,
          params: idParams,
          querystring: noQuery,
          response: { 200: z.object({ data: z.array(historyEntry) }), 400: problemSchema, 404: problemSchema },
        },
      },
      async (request) => {
        const data = await historyOf(app.database.db, spec.kind, request.params.id);
        if (!data.length) throw notFound(spec.singular, request.params.id);
        return { data };
      },
    );
  };
}

/** The write routes of a kind written through entityWrites: names follow from the kind. */
export function entityWriteRoutes(
  kind: 'club' | 'mandataire' | 'proceeding',
  writes: {
    createBody: z.ZodObject;
    patchBody: z.ZodObject;
    mergeBody: z.ZodObject;
    create: WriteSpec<z.ZodType, z.ZodType>['create'];
    update: WriteSpec<z.ZodType, z.ZodType>['update'];
    remove: WriteSpec<z.ZodType, z.ZodType>['remove'];
    merge: NonNullable<WriteSpec<z.ZodType, z.ZodType>['merge']>['run'];
  },
  detail: z.ZodType,
  get: WriteSpec<z.ZodType, z.ZodType>['get'],
): FastifyPluginAsyncZod {
  const name = kind[0]!.toUpperCase() + kind.slice(1);
  return writeRoutes({
    kind,
    tag: `${kind}s`,
    singular: kind,
    operationName: name,
    basePath: `/v1/${kind}s`,
    createBody: writes.createBody.meta({ id: `${name}Create` }),
    patchBody: writes.patchBody.meta({ id: `${name}Patch`, description: 'The fields to change.' }),
    detail,
    create: writes.create,
    update: writes.update,
    remove: writes.remove,
    get,
    merge: {
      body: writes.mergeBody.meta({ id: `${name}Merge` }) as unknown as z.ZodType<{ into: string }>,
      run: writes.merge,
    },
  });
}
