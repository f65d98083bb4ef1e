// How response bodies become JSON. A route's zod response schema is turned,
// on its first answer, into a fast-json-stringify function of the schema's
// JSON Schema (zod's own `toJSONSchema`, output side, as the OpenAPI document
// gives it): it writes the declared fields only, in the schema's order, and
// throws on a missing required one, at a fraction of the cost of parsing the
// body with zod and then JSON.stringify (which was most of a detail's CPU).
// A schema JSON Schema cannot say (a transform) keeps zod's parse.
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/** Writes a response body as JSON, as its schema declares it. */
export type Serialize = (data: unknown) => string;

/** Each schema's serializer, compiled once however many routes answer with it. */
const serializers = new WeakMap<z.ZodType, Serialize>();

/** The JSON Schema fast-json-stringify compiles a zod schema from; null when JSON Schema cannot say it. */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> | null {
  try {
    const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' });
    delete json.$schema;
    return json;
  } catch {
    return null;
  }
}

/**
 * The serializer of a response schema, compiled on its first use (so that start-up compiles nothing): declared
 * fields only, in order; throws when a required field is missing. Falls back to zod's parse then JSON.stringify
 * for a schema JSON Schema cannot express.
 */
export function compileSerializer(schema: z.ZodType): Serialize {
  const known = serializers.get(schema);
  if (known) return known;
  let compiled: Serialize | undefined;
  const serialize: Serialize = (data) => {
    if (!compiled) {
      const json = jsonSchemaOf(schema);
      compiled = json ? (fastJson(json) as Serialize) : (value) => JSON.stringify(schema.parse(value));
    }
    return compiled(data);
  };
  serializers.set(schema, serialize);
  return serialize;
}

/**
 * Fastify's serializer compiler for the routes' zod response schemas (app.ts sets it). A response without a body
 * (304, 308) has no zod schema: its serializer is never called, and throws if it is.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => {
  if (schema instanceof z.ZodType) return compileSerializer(schema);
  return () => {
    throw new Error(`${method} ${url}: a body was sent for a response declared without one.`);
  };
};
