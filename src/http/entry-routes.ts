// The standard routes every listed kind has (list, export, one entry, its
// history; create, change, delete, merge), as route options a module's
// routes.ts hands to Fastify one line each, method, URL and operation id in
// view: `app.get('/:id', routes.get('getSite', 'A site with …'))`. What only the
// module can say (its schemas, its reads, the summary of its list and detail)
// it gives; the schemas, problems, scope and handler of each sort of route are
// here, once. Summaries of the routes that say the same of every kind are
// made from the kind's name.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { EntryJson, SnapshotRead, SnapshotSeen } from '../db/json.js';
import type { ExportQuery } from '../listing/export-rows.js';
import type { KindWrites } from '../writes/kind-writes.js';
import {
  detailSchema,
  entryHistory,
  historySchema,
  sendEntry,
  serializedEntry,
  writePreconditions,
} from './entries.js';
import { exportMediaTypes, exportSchema, sendExport } from './export.js';
import { type ByIds, type ListedKind, type ListPage, listSchema, sendList } from './lists.js';
import type { Produces } from './negotiation.js';
import { compileSerializer } from './serializers.js';
import {
  changeSchema,
  createSchema,
  deleteSchema,
  mergeSchema,
  sendCreated,
  sendMerged,
  sendNoContent,
  sendWritten,
  writeContext,
} from './writes.js';

/**
 * An entry as its module reads it in detail (null when there is none); a written one has an id and a version. A read
 * of one statement sets the snapshot it read under in `seen` (`OneRow.run`), so that its entry may be kept in memory.
 */
type ReadOne = (db: Db, id: string, seen?: SnapshotSeen) => Promise<object | null>;

/**
 * An entry's JSON as PostgreSQL writes it, sent as is, and its version (null when there is none), with the snapshot
 * it was read under when one statement read it all (`OneRow.runJson`).
 */
type ReadJson = (db: Db, id: string) => Promise<SnapshotRead | null>;

/** What a module hands the read routes: its page and detail schemas, its export summary and its queries. */
export interface EntryReads {
  /** The schema of a page of its list (`SitePage`). */
  page: z.ZodType;
  /** The schema of one entry in detail. */
  detail: z.ZodType;
  /** The summary an export writes each entry as. */
  summary: z.ZodObject;
  /** One page of its list. */
  list: ListPage;
  /** The one query its export streams. */
  exportRows: ExportQuery;
  /** Summaries by id, for search hits; without it the list takes no `q` nor `facets`. */
  byIds?: ByIds;
  /** One entry in detail, or null. */
  get: ReadOne;
  /**
   * The same entry's JSON as PostgreSQL wrote it, with the same fields as the detail schema's serializer writes of
   * `get`'s (tests/http/detail-json.test.ts), sent without a parse nor a serialisation; without it, `get`'s entry is
   * serialised.
   */
  getJson?: ReadJson;
  /** False for entries without versions (sources): no ETag, 304, 308 nor 410. */
  versioned?: boolean;
}

/** What the standard routes need of a kind: its names, filters and sorts, its write functions and summary. */
export interface WrittenKind extends ListedKind {
  writes: KindWrites;
  /** The summary an export writes each entry as. */
  summary: z.ZodObject;
}

/** What a route option builder gives Fastify: the schema and the handler (and the scope, for a write). */
interface RouteOptions<Schema> {
  config?: { scope?: 'write'; produces?: Produces };
  schema: Schema & { tags: string[]; operationId: string; summary: string };
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

/** A handler as Fastify takes it from a builder: it sends its answer itself, and resolves once sent. */
function sending(send: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await send(request, reply);
  };
}

/**
 * How the detail routes read an entry's JSON: the module's `getJson` (PostgreSQL's text, sent as is), else `get`'s
 * entry written by the detail schema's serializer.
 */
function entryJson(reads: Pick<EntryReads, 'detail' | 'get' | 'getJson'>): ReadJson {
  if (reads.getJson) return reads.getJson;
  const serializeDetail = compileSerializer(reads.detail);
  return async (db, id) => {
    const seen: SnapshotSeen = {};
    const entry = await reads.get(db, id, seen);
    return entry ? { ...serializedEntry(entry, serializeDetail), snapshot: seen.snapshot ?? null } : null;
  };
}

/**
 * How every route reads an entry by id for its answer (a read, or a write's read back): through the app's detail
 * cache (`detailCache`, db/snapshot-cache.ts: the JSON kept under the MVCC snapshot it was read under, sent again
 * only while PostgreSQL's snapshot is the same), keyed by the kind's plural and the id.
 */
function entryReader(kind: { plural: string }, reads: Pick<EntryReads, 'detail' | 'get' | 'getJson'>) {
  const readJson = entryJson(reads);
  return (request: FastifyRequest, id: string): Promise<EntryJson | null> => {
    const { db } = request.server.database;
    return request.server.detailCache.read(`${kind.plural}/${id}`, () => readJson(db, id));
  };
}

/** `a site`, `an operator`: the kind's name with its article, for summaries. */
export function withArticle(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

/** The entry a request names by its `:id`. */
const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** The read routes of a listed kind (or of sources): list, export, one entry, its history. */
export function readRoutes(kind: ListedKind, reads: EntryReads) {
  const tags = [kind.plural];
  const { page, detail, summary, list, exportRows, byIds } = reads;
  const readEntry = entryReader(kind, reads);
  const doc = (operationId: string, text: string) => ({ tags, operationId, summary: text });
  return {
    /** GET / : a page of the list, or of search with the same filters when given `q` or `facets`. */
    list: (operationId: string, text: string): RouteOptions<ReturnType<typeof listSchema>> => ({
      schema: { ...doc(operationId, text), ...listSchema(kind, page, { searchable: byIds !== undefined }) },
      handler: sending((request, reply) => sendList(request, reply, kind, byIds ? { list, byIds } : { list })),
    }),
    /** GET /export : every entry the filters select, as CSV or JSON lines. */
    export: (operationId: string): RouteOptions<ReturnType<typeof exportSchema>> => ({
      // The file's type is the one `format` asks for: an Accept that excludes it is a 406, not the other format.
      config: { produces: exportMediaTypes },
      schema: {
        ...doc(operationId, `Every ${kind.name} matching the filters, streamed as CSV or JSON lines`),
        ...exportSchema(kind),
      },
      handler: sending((request, reply) => sendExport(request, reply, kind, { exportRows, summary })),
    }),
    /** GET /:id : the entry with its ETag, 304, 308 for a merged id, 410 for a deleted one. */
    get: (operationId: string, text: string): RouteOptions<ReturnType<typeof detailSchema>> => ({
      schema: { ...doc(operationId, text), ...detailSchema(detail, { versioned: reads.versioned ?? true }) },
      handler: sending(async (request, reply) =>
        sendEntry(request, reply, kind, await readEntry(request, idOf(request))),
      ),
    }),
    /** GET /:id/history : every change of the entry, oldest first, page by page (`limit`, `cursor`). */
    history: (operationId: string): RouteOptions<typeof historySchema> => ({
      schema: {
        ...doc(operationId, `Every change of ${withArticle(kind.name)}, oldest first, page by page, with its sources`),
        ...historySchema,
      },
      handler: sending(async (request, reply) => reply.send(await entryHistory(request, kind))),
    }),
  };
}

/** The write routes of a kind: create, change, delete, merge; each needs a key with the `write` scope. */
export function writeRoutes(kind: WrittenKind, reads: Pick<EntryReads, 'detail' | 'get' | 'getJson'>) {
  const tags = [kind.plural];
  const { detail } = reads;
  const { writes } = kind;
  const a = withArticle(kind.name);
  const write = <Schema>(operationId: string, text: string, schema: Schema) => ({
    config: { scope: 'write' as const },
    schema: { tags, operationId, summary: text, ...schema },
  });
  /** The entry as it now is, read back for the answer: the JSON a read of it gives, so that its ETag is the same. */
  const readBack = entryReader(kind, reads);
  return {
    /** POST / : 201 with Location and ETag. */
    create: (operationId: string): RouteOptions<ReturnType<typeof createSchema>> => ({
      ...write(operationId, `Create ${a}, with its sources`, createSchema(writes.createBody, detail)),
      handler: sending(async (request, reply) => {
        const { id } = await writes.create(writeContext(request), request.body as never);
        return sendCreated(reply, kind, id, await readBack(request, id));
      }),
    }),
    /** PATCH /:id : the fields given, with If-Match; 200 with the new ETag. */
    update: (operationId: string): RouteOptions<ReturnType<typeof changeSchema>> => ({
      ...write(
        operationId,
        `Change ${a}: the fields given, with their sources`,
        changeSchema(writes.patchBody, detail),
      ),
      handler: sending(async (request, reply) => {
        const { ifMatch, ifNoneMatch } = writePreconditions(request);
        await writes.update(writeContext(request), idOf(request), request.body as never, ifMatch, { ifNoneMatch });
        return sendWritten(reply, await readBack(request, idOf(request)));
      }),
    }),
    /** DELETE /:id : with If-Match; 204, and the id then answers 410. */
    remove: (operationId: string): RouteOptions<typeof deleteSchema> => ({
      ...write(operationId, `Delete ${a} (its history and a tombstone remain)`, deleteSchema),
      handler: sending(async (request, reply) => {
        const { ifMatch, ifNoneMatch } = writePreconditions(request);
        await writes.remove(writeContext(request), idOf(request), ifMatch, ifNoneMatch);
        return sendNoContent(reply);
      }),
    }),
    /** POST /:id/merge : with If-Match; 200 with the survivor, and the duplicate's id then answers 308. */
    merge: (operationId: string): RouteOptions<ReturnType<typeof mergeSchema>> => ({
      ...write(
        operationId,
        `Merge a duplicate ${kind.name} into another; the duplicate's id then redirects (308) to it`,
        mergeSchema(writes.mergeBody, detail),
      ),
      handler: sending(async (request, reply) => {
        const body = request.body as { into: string };
        const { ifMatch, ifNoneMatch } = writePreconditions(request);
        const { into } = await writes.merge(writeContext(request), idOf(request), body, ifMatch, ifNoneMatch);
        return sendMerged(reply, kind, into, await readBack(request, into));
      }),
    }),
  };
}

/** The standard routes of a kind, read and write, as `kindRoutes` hands them to its module. */
export type EntryRoutes = ReturnType<typeof readRoutes> & ReturnType<typeof writeRoutes>;

/** The Fastify instance a kind's routes are declared on (the zod type provider's). */
export type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

/**
 * A kind's route plugin, registered under `/v1/<plural>` and handed the kind:
 * `declare` writes each route, one line each, with the standard routes built
 * over the module's schemas and reads.
 */
export function kindRoutes(
  page: z.ZodType,
  detail: z.ZodType,
  reads: Pick<EntryReads, 'list' | 'exportRows' | 'byIds' | 'get' | 'getJson'>,
  declare: (app: RoutesApp, routes: EntryRoutes, kind: WrittenKind) => void,
): FastifyPluginAsyncZod<{ kind: WrittenKind }> {
  return async (app, { kind }) => {
    const entry = { page, detail, summary: kind.summary, ...reads };
    declare(app, { ...readRoutes(kind, entry), ...writeRoutes(kind, entry) }, kind);
  };
}
