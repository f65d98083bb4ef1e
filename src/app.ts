import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from './http/problems.js';
import { normalizeText, refuseNulInBody } from './http/text.js';
import { entryKinds } from './kinds.js';
import { changeRoutes } from './modules/changes/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { searchRoutes } from './modules/search/routes.js';
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
  app.addHook('preValidation', refuseNulInBody);
  app.addHook('preValidation', normalizeText);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });

  await app.register(errorsPlugin);
  await app.register(dbPlugin, { databaseUrl: options.databaseUrl });
  await app.register(authPlugin);
  await app.register(searchPlugin, { ...options.search, databaseUrl: options.databaseUrl });
  await app.register(openapiPlugin);

  await app.register(healthRoutes);
  // Each kind's routes, under /v1/<plural>, in the registry's order; then the modules that are not kinds.
  for (const kind of app.kinds) await app.register(kind.routes, { prefix: `/v1/${kind.plural}`, kind });
  await app.register(sourceRoutes, { prefix: '/v1/sources' });
  await app.register(searchRoutes, { prefix: '/v1/search' });
  await app.register(changeRoutes, { prefix: '/v1/changes' });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
