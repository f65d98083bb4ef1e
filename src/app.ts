import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { clubOfficerRoutes, headcountRoutes, proceedingPractitionerRoutes } from './http/link-routes.js';
import { AppError } from './http/problems.js';
import { entryKinds } from './kinds.js';
import { changeRoutes } from './modules/changes/routes.js';
import { clubRoutes, clubWriteRoutes } from './modules/clubs/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { mandataireRoutes, mandataireWriteRoutes } from './modules/mandataires/routes.js';
import { operatorKind } from './modules/operators/kind.js';
import { operatorRoutes, operatorWriteRoutes } from './modules/operators/routes.js';
import { proceedingRoutes, proceedingWriteRoutes } from './modules/proceedings/routes.js';
import { searchRoutes } from './modules/search/routes.js';
import { siteKind } from './modules/sites/kind.js';
import { siteRoutes, siteWriteRoutes } from './modules/sites/routes.js';
import { sourceRoutes } from './modules/sources/routes.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin, { sendProblem } from './plugins/errors.js';
import openapiPlugin from './plugins/openapi.js';
import searchPlugin, { type SearchOptions } from './plugins/search.js';

export interface AppOptions {
  databaseUrl: string;
  search: SearchOptions;
  logLevel?: string;
  /** Where JSON log lines go; stdout by default. */
  logStream?: NodeJS.WritableStream;
}

const requestIdHeader = 'x-request-id';

export async function buildApp(options: AppOptions) {
  const logger: FastifyServerOptions['logger'] = {
    level: options.logLevel ?? 'info',
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
  const app = Fastify({
    logger,
    // A caller's request id is kept when it looks sane; otherwise a new one is made.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers[requestIdHeader];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    routerOptions: {
      ignoreTrailingSlash: true,
      // Ids are up to 120 characters.
      maxParamLength: 200,
    },
    // Errors raised before routing (a malformed URL) get a problem body too.
    frameworkErrors: (error, request, reply) => {
      reply.header(requestIdHeader, request.id);
      return sendProblem(request, reply, new AppError('bad_request', error.message));
    },
    clientErrorHandler: (error, socket) => {
      const status = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify({
        type: '/problems/bad_request',
        title: status === 431 ? 'Request header fields too large' : 'Bad request',
        status,
        detail: status === 431 ? 'The request line or headers are too large.' : 'The request could not be read.',
        code: 'bad_request',
      });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/problem+json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
      }
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('kinds', entryKinds);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });

  await app.register(errorsPlugin);
  await app.register(dbPlugin, { databaseUrl: options.databaseUrl });
  await app.register(authPlugin);
  await app.register(searchPlugin, { ...options.search, databaseUrl: options.databaseUrl });
  await app.register(openapiPlugin);

  await app.register(healthRoutes);
  await app.register(siteRoutes, { prefix: '/v1/sites' });
  await app.register(siteWriteRoutes, { prefix: '/v1/sites' });
  await app.register(headcountRoutes(siteKind), { prefix: '/v1/sites' });
  await app.register(operatorRoutes, { prefix: '/v1/operators' });
  await app.register(operatorWriteRoutes, { prefix: '/v1/operators' });
  await app.register(headcountRoutes(operatorKind), { prefix: '/v1/operators' });
  await app.register(clubRoutes, { prefix: '/v1/clubs' });
  await app.register(clubWriteRoutes, { prefix: '/v1/clubs' });
  await app.register(clubOfficerRoutes, { prefix: '/v1/clubs' });
  await app.register(mandataireRoutes, { prefix: '/v1/mandataires' });
  await app.register(mandataireWriteRoutes, { prefix: '/v1/mandataires' });
  await app.register(proceedingRoutes, { prefix: '/v1/proceedings' });
  await app.register(proceedingWriteRoutes, { prefix: '/v1/proceedings' });
  await app.register(proceedingPractitionerRoutes, { prefix: '/v1/proceedings' });
  await app.register(sourceRoutes, { prefix: '/v1/sources' });
  await app.register(searchRoutes, { prefix: '/v1/search' });
  await app.register(changeRoutes, { prefix: '/v1/changes' });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
