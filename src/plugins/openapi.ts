// The OpenAPI 3.1 document, generated from the routes' zod schemas (the
// responses' media types and headers as src/http/document.ts gives them),
// served at /openapi.json with a docs page at /docs. HEAD operations are in it:
// Fastify answers HEAD for every GET route.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { documentObject, documentRoute } from '../http/document.js';
import { listProblems } from '../http/responses.js';

export const apiVersion = '1.0.0';

type Document = { components?: { schemas?: Record<string, Record<string, unknown>> } } & Record<string, unknown>;

/**
 * Keeps only the component schemas the document references (the zod registry
 * yields an input and an output variant of each) and drops the JSON Schema
 * `$schema`/`$id` keywords that OpenAPI tools do not expect inside components.
 */
function pruneComponents(document: Document): Document {
  const schemas = document.components?.schemas ?? {};
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  const used = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) {
        const name = child.slice('#/components/schemas/'.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(child);
    }
  };
  const { components, ...rest } = document;
  visit(rest);
  return {
    ...rest,
    components: {
      ...components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
    },
  };
}

export default fp(
  async function openapiPlugin(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Plateau API',
          version: apiVersion,
          description:
            'The directory of French contact centres: sites, operators, regional clubs, insolvency practitioners and proceedings. Every fact carries its source and a verbatim quote.',
          license: { name: 'Data: as cited; API: see the project README', identifier: 'UNLICENSED' },
        },
        servers: [{ url: '/', description: 'This server' }],
        // Reading the directory needs no credentials; writes declare theirs.
        security: [],
        components: {
          securitySchemes: {
            apiKey: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key made with `npm run keys -- create --name … --scope write|admin`.',
            },
          },
        },
        tags: [
          ...app.kinds.map((kind) => ({ name: kind.plural, description: kind.description })),
          { name: 'sources', description: 'The published texts the facts come from.' },
          { name: 'search', description: 'Search across every kind, with facets.' },
          { name: 'changes', description: 'The change feed, for partners keeping a copy.' },
          { name: 'service', description: 'Health, readiness and this document.' },
        ],
      },
      // Fastify answers HEAD for every GET; @fastify/swagger names their operations `<GET's id>-head`.
      exposeHeadRoutes: true,
      transform: documentRoute as never,
      transformObject: (input) =>
        documentObject(pruneComponents(jsonSchemaTransformObject(input) as Document)) as never,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get(
      '/openapi.json',
      {
        schema: {
          tags: ['service'],
          operationId: 'getOpenApiDocument',
          summary: 'This document: the API in OpenAPI 3.1',
          response: {
            200: z.record(z.string(), z.unknown()).meta({ description: 'The OpenAPI 3.1 document.' }),
            ...listProblems,
          },
        },
      },
      async () => app.swagger(),
    );
  },
  { name: 'openapi' },
);
