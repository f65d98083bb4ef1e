// The write routes' schemas and answers: 201 with Location and ETag for a
// create, 200 with the new ETag for a change or a merge, 204 for a delete or
// a link removed. A write route declares `config: { scope: 'write' }`: the
// auth plugin then checks the key and documents the bearer scheme.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EntryJson } from '../db/json.js';
import { requiredInDocument } from '../domain/document-marks.js';
import type { WriteContext } from '../writes/transaction.js';
import { entityTag } from './entries.js';
import { createProblems, headers, json, linkProblems, noContent, writeProblems } from './responses.js';
import { idParams, noQuery } from './schemas.js';

/** What the write helpers need of a kind: the path segment of its entries under /v1 (`sites`). */
export interface PathedKind {
  plural: string;
}

/** The If-Match header a change, a delete or a merge requires, and If-None-Match it may add. */
export const ifMatchHeaders = z.object({
  // Optional to the parser: its absence is a 428 (writes/transaction.ts), not a 400.
  'if-match': z
    .string()
    .optional()
    .meta({
      ...requiredInDocument,
      description:
        'The ETag of the entry as last read, compared strongly (a weak W/ tag matches no version: 412), or *; ' +
        'without it, 428.',
    }),
  'if-none-match': z
    .string()
    .optional()
    .meta({
      description:
        'Optional: * or ETags; the write is refused (412) when the entry exists (*) or is at the version of one of ' +
        'them (compared weakly).',
    }),
});

/**
 * The conditional headers a link route (an officer, a practitioner, a headcount) takes: optional, since a link is
 * added or removed without reading the entry first, but honoured as a change's when sent (a link changes its entry's
 * version and ETag): If-Match compared strongly, If-None-Match weakly, 412 (writes/envelope.ts `lockEntry`).
 */
export const linkPreconditionHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .meta({
      description:
        'Optional: the ETag of the entry as last read, compared strongly (a weak W/ tag matches no version), or *; ' +
        'the link is refused (412) when the entry has changed since. Adding or removing a link changes the ETag.',
    }),
  'if-none-match': ifMatchHeaders.shape['if-none-match'],
});

/** The schema of a create: no query, `body`; the entry created (201), or a problem. */
export function createSchema<Body extends z.ZodType, Detail extends z.ZodType>(body: Body, detail: Detail) {
  return {
    querystring: noQuery,
    body,
    response: {
      201: json(
        'The entry created: where it lives in Location, its version in ETag.',
        detail,
        headers(['location', 'etag']),
      ),
      ...createProblems,
    },
  };
}

/** The schema of a change: the id, If-Match, `body`; the entry as it now is with its new ETag, or a problem. */
export function changeSchema<Body extends z.ZodType, Detail extends z.ZodType>(body: Body, detail: Detail) {
  return {
    params: idParams,
    querystring: noQuery,
    headers: ifMatchHeaders,
    body,
    response: {
      200: json('The entry as it now is, its new version in ETag.', detail, headers(['etag'])),
      ...writeProblems,
    },
  };
}

/** The schema of a merge: as a change, answered with the survivor and where it lives (Content-Location). */
export function mergeSchema<Body extends z.ZodType, Detail extends z.ZodType>(body: Body, detail: Detail) {
  const survivor = json('The entry merged into, as it now is.', detail, headers(['etag', 'content-location']));
  return { ...changeSchema(body, detail), response: { 200: survivor, ...writeProblems } };
}

/** The schema of a delete: the id and If-Match; no content, or a problem. */
export const deleteSchema = {
  params: idParams,
  querystring: noQuery,
  headers: ifMatchHeaders,
  response: { 204: noContent('Deleted: the id now answers 410.'), ...writeProblems },
};

/** Who writes and where: the database and the request's API key (the auth hook has checked it). */
export function writeContext(request: FastifyRequest): WriteContext {
  return { db: request.server.database.db, actor: request.actor! };
}

/** An entry as read back right after its write, in the same request: its JSON and its version. */
type Written = EntryJson | null;

function readBack(entry: Written): EntryJson & { version: number } {
  // The write has just committed: only a delete racing in between could take the entry away.
  if (!entry) throw new Error('The entry just written could not be read back.');
  if (entry.version === undefined) throw new Error('The entry just written was read back without its version.');
  return entry as EntryJson & { version: number };
}

/** 201 with the entry created (`id`), its Location and its ETag. */
export function sendCreated(reply: FastifyReply, kind: PathedKind, id: string, created: Written) {
  reply.code(201).header('location', `/v1/${kind.plural}/${id}`);
  return sendWritten(reply, created);
}

/** 200 with the entry as it now is and its new ETag, the one a read of it gives. */
export function sendWritten(reply: FastifyReply, written: Written) {
  const entry = readBack(written);
  return reply
    .header('etag', entityTag(entry.version, entry.json))
    .type('application/json; charset=utf-8')
    .send(entry.json);
}

/** 200 with the entry a duplicate was merged into (`into`), its ETag, and where it lives (Content-Location). */
export function sendMerged(reply: FastifyReply, kind: PathedKind, into: string, survivor: Written) {
  reply.header('content-location', `/v1/${kind.plural}/${into}`);
  return sendWritten(reply, survivor);
}

/** 201 with what adding a link gives back (the new link's ids); no Location: a link is not read on its own. */
export function sendAdded(reply: FastifyReply, added: object) {
  return reply.code(201).send(added);
}

/** 204: done, nothing to send (a delete, a link removed or added without a body). */
export function sendNoContent(reply: FastifyReply) {
  return reply.code(204).send(null);
}

/**
 * The schema of a link route (an officer, a practitioner, a headcount): a write key, the ids in the path, no
 * query but `query` when given, If-Match and If-None-Match optional (`linkPreconditionHeaders`), the link's `body` when adding (`null` when removing); its answer (`{ 201: added }` or `{ 204: z.null() }`),
 * or a problem.
 */
export function linkSchema<
  Params extends z.ZodType,
  Body extends z.ZodType | null,
  Answer extends object,
  Query extends z.ZodType = typeof noQuery,
>(
  doc: { tags: string[]; operationId: string; summary: string },
  params: Params,
  body: Body,
  answer: Answer,
  /** The query the route takes (none by default). */
  query?: Query,
) {
  const response = { ...answer, ...linkProblems };
  return {
    config: { scope: 'write' as const },
    schema: {
      ...doc,
      params,
      querystring: query ?? noQuery,
      headers: linkPreconditionHeaders,
      ...(body ? { body } : {}),
      response,
    } as typeof doc & {
      params: Params;
      querystring: Query;
      headers: typeof linkPreconditionHeaders;
      body: Body extends z.ZodType ? Body : undefined;
      response: typeof response;
    },
  };
}
