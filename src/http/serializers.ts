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
    return nullableAsTypes(json, (json.definitions ?? {}) as Record<string, Record<string, unknown>>) as Record<
      string,
      unknown
    >;
  } catch {
    return null;
  }
}

/** What a branch of an `anyOf` may hold to be merged with `null` into one schema of two types. */
const branchOnly = ['anyOf', 'oneOf', 'allOf', '$ref', 'const', 'not', 'if'];

/**
 * The JSON Schema with each `anyOf` of one schema of a single type and `{ type: 'null' }` (zod's `nullable()`) made
 * one schema of both types (`type: ['string', 'null']`; a `$ref` to one of `definitions` copied in): fast-json-stringify
 * writes that straight, where for an `anyOf` it runs a validator on every value to choose the branch (a tenth of a
 * detail's CPU).
 */
function nullableAsTypes(node: unknown, definitions: Record<string, Record<string, unknown>>): unknown {
  if (Array.isArray(node)) return node.map((item) => nullableAsTypes(item, definitions));
  if (!node || typeof node !== 'object') return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) result[key] = nullableAsTypes(value, definitions);
  const { anyOf, ...rest } = result;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return result;
  const isNull = (branch: Record<string, unknown>) => branch.type === 'null' && Object.keys(branch).length === 1;
  const [first, second] = anyOf as Record<string, unknown>[];
  const branch = first && isNull(first) ? second : second && isNull(second) ? first : undefined;
  const ref = typeof branch?.$ref === 'string' && /^#\/definitions\/([^/]+)$/.exec(branch.$ref);
  const other = ref && Object.keys(branch ?? {}).length === 1 ? definitions[ref[1] ?? ''] : branch;
  if (!other || typeof other.type !== 'string' || branchOnly.some((key) => key in other)) return result;
  return { ...rest, ...(nullableAsTypes(other, definitions) as object), type: [other.type, 'null'] };
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
