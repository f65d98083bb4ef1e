// Routes that link entries: officers of a club, practitioners of a proceeding.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WriteTarget } from '../writes/kind-writes.js';
import {
  addHeadcount,
  addOfficer,
  addPractitioner,
  headcountBody,
  officerBody,
  practitionerBody,
  removeHeadcount,
  removeOfficer,
  removePractitioner,
} from '../writes/links.js';
import { idParams, noQuery, problemSchema, slugSchema } from './schemas.js';
import { bearerSecurity } from './write-routes.js';

const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  410: problemSchema,
  422: problemSchema,
};

export const clubOfficerRoutes: FastifyPluginAsyncZod = async (app) => {
  const requireWrite = app.requireKey('write');
  app.post(
    '/:id/officers',
    {
      onRequest: requireWrite,
      schema: {
        tags: ['clubs'],
        operationId: 'addClubOfficer',
        summary: 'Name an officer of a club, with the source',
        security: bearerSecurity,
        params: idParams,
        querystring: noQuery,
        body: officerBody,
        response: { 201: z.object({ role_id: z.number().int(), person_id: z.string() }), ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addOfficer({ db: app.database.db, actor: request.actor! }, request.params.id, request.body)),
  );
  app.delete(
    '/:id/officers/:roleId',
    {
      onRequest: requireWrite,
      schema: {
        tags: ['clubs'],
        operationId: 'removeClubOfficer',
        summary: 'Remove an officer role from a club',
        security: bearerSecurity,
        params: idParams.extend({
          roleId: z.coerce
            .number()
            .int()
            .positive()
            .meta({ description: 'The role id (see GET /v1/clubs/{id} officers).' }),
        }),
        querystring: noQuery,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await removeOfficer({ db: app.database.db, actor: request.actor! }, request.params.id, request.params.roleId);
      return reply.code(204).send(null);
    },
  );
};

export const proceedingPractitionerRoutes: FastifyPluginAsyncZod = async (app) => {
  const requireWrite = app.requireKey('write');
  app.post(
    '/:id/practitioners',
    {
      onRequest: requireWrite,
      schema: {
        tags: ['proceedings'],
        operationId: 'addProceedingPractitioner',
        summary: 'Link a practitioner to a proceeding, with the source',
        security: bearerSecurity,
        params: idParams,
        querystring: noQuery,
        body: practitionerBody,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await addPractitioner({ db: app.database.db, actor: request.actor! }, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/:id/practitioners/:mandataire',
    {
      onRequest: requireWrite,
      schema: {
        tags: ['proceedings'],
        operationId: 'removeProceedingPractitioner',
        summary: 'Unlink a practitioner from a proceeding',
        security: bearerSecurity,
        params: idParams.extend({ mandataire: slugSchema }),
        querystring: noQuery,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await removePractitioner(
        { db: app.database.db, actor: request.actor! },
        request.params.id,
        request.params.mandataire,
      );
      return reply.code(204).send(null);
    },
  );
};

/** Dated, sourced headcount figures of sites and operators. */
export function headcountRoutes(target: WriteTarget): FastifyPluginAsyncZod {
  const kind = target.name;
  const tag = `${kind}s`;
  const name = kind[0]!.toUpperCase() + kind.slice(1);
  return async (app) => {
    const requireWrite = app.requireKey('write');
    app.post(
      '/:id/headcounts',
      {
        onRequest: requireWrite,
        schema: {
          tags: [tag],
          operationId: `add${name}Headcount`,
          summary: `Add a dated headcount figure to a ${kind}, with its source`,
          security: bearerSecurity,
          params: idParams,
          querystring: noQuery,
          body: headcountBody,
          response: { 201: z.object({ headcount_id: z.number().int() }), ...problems },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await addHeadcount({ db: app.database.db, actor: request.actor! }, target, request.params.id, request.body),
          ),
    );
    app.delete(
      '/:id/headcounts/:headcountId',
      {
        onRequest: requireWrite,
        schema: {
          tags: [tag],
          operationId: `remove${name}Headcount`,
          summary: `Remove a headcount figure from a ${kind}`,
          security: bearerSecurity,
          params: idParams.extend({ headcountId: z.coerce.number().int().positive() }),
          querystring: noQuery,
          response: { 204: z.null(), ...problems },
        },
      },
      async (request, reply) => {
        await removeHeadcount(
          { db: app.database.db, actor: request.actor! },
          target,
          request.params.id,
          request.params.headcountId,
        );
        return reply.code(204).send(null);
      },
    );
  };
}
