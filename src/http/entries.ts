// One entry by id: its detail with an ETag (304 when the client has it), and
// what an id answers once its entry is gone: 308 to the entry a duplicate was
// merged into, 410 once deleted (read from the tombstone), else 404. Its history.
import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../domain/errors.js';
import { historyEntry, historyOf, tombstoneOf, withheldBy } from '../history/read.js';
import { refusalOf } from '../writes/ids.js';
import { etagOf } from '../writes/transaction.js';
import { detailProblems, headers, historyProblems, json, noBody } from './responses.js';
import { idParams, noQuery } from './schemas.js';
import type { Serialize } from './serializers.js';

/** What the entry helpers need of a kind: its name, as the history and messages give it (`site`). */
export interface NamedKind {
  name: string;
}

/**
 * The schema of a read of one entry: its id, no query; `detail` with its ETag, 304 to If-None-Match, 308 to a
 * merged id's survivor, 400, 404, 410. An entry without versions (a source) has no ETag, 304, 308 nor 410.
 */
export function detailSchema<Detail extends z.ZodType>(detail: Detail, options: { versioned: boolean }) {
  if (!options.versioned) {
    // No version, so no ETag nor 304; nothing is merged nor deleted, so no 308 nor 410.
    const found = json('The entry.', detail);
    return { params: idParams, querystring: noQuery, response: { 200: found, ...historyProblems } };
  }
  return {
    params: idParams,
    querystring: noQuery,
    response: {
      200: json('The entry, with its version in ETag.', detail, headers(['etag'])),
      304: noBody('The entry has not changed since the ETag given in If-None-Match.', headers(['etag'])),
      308: noBody('The entry was merged into another: `Location` names it.', headers(['location'])),
      ...detailProblems,
    },
  };
}

/** The schema of an entry's history: its id, no query; its changes, oldest first, or 400, 404, 410 (withheld). */
export const historySchema = {
  params: idParams,
  querystring: noQuery,
  response: {
    200: json('Its changes, oldest first.', z.object({ data: z.array(historyEntry) })),
    ...historyProblems,
    // A withheld entry's history is not shown either.
    410: detailProblems[410],
  },
};

/** The media type an entry is sent as (the body is already JSON text). */
const jsonType = 'application/json; charset=utf-8';

/**
 * The ETag of an entry as a response shows it: its version and a digest of the body (`"v3-Kq9…"`), so that a
 * change of anything the body shows (its operator's name, a citation, a headcount of a linked entry) changes it.
 * If-Match compares the version only (`versionTags`): a write conflicts with changes of the entry itself.
 */
export function entityTag(version: number, body: string): string {
  return `${etagOf(version).slice(0, -1)}-${hash('sha1', body, 'base64url').slice(0, 16)}"`;
}

/** If-Match with each of our entity tags reduced to the version it carries (`"v3-Kq9…"` → `"v3"`), as writes compare. */
export function versionTags(ifMatch: string | undefined): string | undefined {
  return ifMatch?.replace(/"(v\d+)-[\w-]*"/g, '"$1"');
}

/** Whether If-None-Match holds this ETag (compared weakly) or `*`. */
function holds(ifNoneMatch: string | undefined, etag: string): boolean {
  return Boolean(ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*'));
}

/**
 * Sends an entry, written by `serialize` (its detail schema's), with its ETag (`entityTag`); 304 without a body
 * when If-None-Match holds that ETag (or `*`). An entry without a version (a source) has no ETag.
 */
export function sendDetail(request: FastifyRequest, reply: FastifyReply, detail: object, serialize: Serialize) {
  const body = serialize(detail);
  const version = (detail as { version?: number }).version;
  if (version !== undefined) {
    const etag = entityTag(version, body);
    reply.header('etag', etag);
    if (holds(request.headers['if-none-match'], etag)) return reply.code(304).send();
  }
  return reply.type(jsonType).send(body);
}

/**
 * What the id of an entry not found answers: a permanent redirect (308) to
 * the entry it was merged into, 410 if it was deleted or is withheld, else 404 (writes/ids.ts `refusalOf`).
 */
export async function sendMissing(request: FastifyRequest, reply: FastifyReply, kind: NamedKind) {
  const { id } = request.params as { id: string };
  const tombstone = await tombstoneOf(request.server.database.db, kind.name, id);
  if (tombstone?.action === 'merge') {
    const location = request.routeOptions.url?.replace(':id', tombstone.merged_into ?? '') ?? '';
    return reply.code(308).header('location', location).send();
  }
  throw refusalOf(kind.name, id, tombstone);
}

/** Sends the entry read for the request's id, or what its id answers when there is none (sendMissing). */
export function sendEntry(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: NamedKind,
  entry: object | null,
  serialize: Serialize,
) {
  return entry ? sendDetail(request, reply, entry, serialize) : sendMissing(request, reply, kind);
}

/** The changes of the request's entry, oldest first; 404 when it has none (it never existed), 410 when withheld. */
export async function entryHistory(request: FastifyRequest, kind: NamedKind) {
  const { id } = request.params as { id: string };
  const data = await historyOf(request.server.database.db, kind.name, id);
  if (!data.length) throw notFound(kind.name, id);
  if (withheldBy(data)) throw refusalOf(kind.name, id, { action: 'withhold', at: new Date(), merged_into: null });
  return { data };
}
