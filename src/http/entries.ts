// One entry by id: its detail with an ETag (304 when the client has it), and
// what an id answers once its entry is gone: 308 to the entry a duplicate was
// merged into, 410 once deleted (read from the tombstone), else 404. Its history.
import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { EntryJson } from '../db/json.js';
import { withholdingKindNames } from '../db/withheld.js';
import { invalidParameters, notFound } from '../domain/errors.js';
import { historyEntry, historyLength, historyPage, tombstoneOf, withoutWithheldData } from '../history/read.js';
import { cursorKeysOf } from '../listing/cursor-keys.js';
import { fixedOrderCursor, pageOnlyQuery, readFixedOrderCursor } from '../listing/pagination.js';
import { refusalOf } from '../writes/ids.js';
import { etagOf } from '../writes/transaction.js';
import { detailProblems, headers, historyProblems, json, noBody } from './responses.js';
import { idParams, noQuery, pageSchema } from './schemas.js';
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

/** A page of an entry's history (`HistoryPage`): its changes, oldest first, with the house's page fields. */
const historyPageSchema = pageSchema(historyEntry, 'HistoryPage').meta({
  description:
    'Changes of the entry, oldest first (by their number in the change feed), page by page. `total` is counted on ' +
    'the first page and carried by the cursor: a change made while you read comes on the last page, uncounted.',
});

/**
 * The schema of an entry's history: its id, `limit` and `cursor`; a page of its changes, oldest first, or 400 (a bad
 * id, limit or cursor), 404 (it never existed), 410 (withheld).
 */
export const historySchema = {
  params: idParams,
  querystring: pageOnlyQuery,
  response: {
    200: json('A page of its changes, oldest first.', historyPageSchema),
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

/** An entity tag (RFC 9110 §8.8.3): in double quotes, maybe W/. */
const entityTagSource = String.raw`(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"`;

/**
 * An If-Match or If-None-Match value (RFC 9110 §13.1.1): `*`, or a list of entity tags, its empty elements (a comma
 * leading, doubled or trailing) ignored as §5.6.1.2 asks.
 */
const entityTagList = new RegExp(
  String.raw`^(?:\*|[ \t,]*${entityTagSource}(?:[ \t]*,[ \t,]*${entityTagSource})*[ \t,]*)$`,
);

/**
 * The entity tags of an If-Match or If-None-Match value written as a list without empty elements (`, "v3-Kq9…",,` →
 * `"v3-Kq9…"`; `*` as is), or null when it is neither `*` nor a list of at least one entity tag.
 */
function entityTags(value: string): string | null {
  if (!entityTagList.test(value)) return null;
  return value === '*' ? value : (value.match(new RegExp(entityTagSource, 'g')) ?? []).join(', ');
}

/**
 * A write's preconditions as the envelope compares them (writes/transaction.ts `checkPreconditions`): If-Match and
 * If-None-Match as lists of their tags (`entityTags`: empty elements dropped), our tags reduced to their version
 * (`versionTags`). A value that is not `*` nor a list of entity tags (`v3-Kq9…` without its quotes) is a 400 naming
 * the header, never compared as if it were one.
 */
export function writePreconditions(request: FastifyRequest): { ifMatch?: string; ifNoneMatch?: string } {
  const tags: { ifMatch?: string; ifNoneMatch?: string } = {};
  for (const [key, header] of [
    ['ifMatch', 'if-match'],
    ['ifNoneMatch', 'if-none-match'],
  ] as const) {
    const value = request.headers[header]?.trim();
    if (value === undefined) continue;
    const list = entityTags(value);
    if (list === null) {
      const message = 'must be * or entity tags in double quotes, as ETag gives them ("v3-…"), separated by commas';
      throw invalidParameters([{ in: 'header', name: header, message }]);
    }
    tags[key] = versionTags(list);
  }
  return tags;
}

/** Whether If-None-Match holds this ETag (compared weakly) or `*`. */
function holds(ifNoneMatch: string | undefined, etag: string): boolean {
  return Boolean(ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*'));
}

/**
 * The ETag of each entry sent lately, by its object: an entry the detail cache keeps (db/snapshot-cache.ts) is the
 * same object at each read, and its text does not change, so its digest is taken once.
 */
const sentTags = new WeakMap<EntryJson, string>();

/**
 * Sends an entry's JSON as it is (`json`, written by PostgreSQL or by the detail schema's serializer) with its ETag
 * (`entityTag` of its version and of this very text); 304 without a body when If-None-Match holds that ETag (or `*`).
 * An entry without a version (a source) has no ETag.
 */
export function sendDetail(request: FastifyRequest, reply: FastifyReply, entry: EntryJson) {
  const { json: body, version } = entry;
  if (version !== undefined) {
    let etag = sentTags.get(entry);
    if (etag === undefined) {
      etag = entityTag(version, body);
      sentTags.set(entry, etag);
    }
    reply.header('etag', etag);
    if (holds(request.headers['if-none-match'], etag)) return reply.code(304).send();
  }
  return reply.type(jsonType).send(body);
}

/** An entry read as an object, as `sendDetail` takes it: written by `serialize` (its detail schema's), its version. */
export function serializedEntry(detail: object, serialize: Serialize): EntryJson {
  return { json: serialize(detail), version: (detail as { version?: number }).version };
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

/** Sends the entry read for the request's id (its JSON and version), or what its id answers when there is none (sendMissing). */
export function sendEntry(request: FastifyRequest, reply: FastifyReply, kind: NamedKind, entry: EntryJson | null) {
  return entry ? sendDetail(request, reply, entry) : sendMissing(request, reply, kind);
}

/** The order of a history, as its cursors name it: by the changes' numbers, oldest first. */
const historyOrder = 'made';

/** A change's number as a history's cursor writes it: plain digits, a safe integer (ids are read as numbers). */
const changeNumber = (v: string) =>
  /^(0|[1-9]\d{0,15})$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : null;

/**
 * A page of the changes of the request's entry, oldest first (`limit`, `cursor`: pageOnlyQuery), keyset on the
 * changes' numbers: a change made later comes after every page read. `total` counted on the first page (its size
 * when it holds them all) and carried by the cursor, as the lists do. 404 when the entry has no change (it never
 * existed), 410 when withheld (its last change of state, read alone: tombstoneOf); a cursor not made for this
 * entry's history is a 400 naming `cursor`.
 */
export async function entryHistory(request: FastifyRequest, kind: NamedKind & { plural: string }) {
  const { id } = request.params as { id: string };
  return readEntryHistory(
    request.server.database.db,
    kind,
    id,
    request.query as { limit: number; cursor?: string },
    withholdingKindNames(request.server.kinds),
  );
}

/**
 * `entryHistory`'s page read from the database `db` for the entry `id` of `kind` (the JSON history and its French page,
 * pages/plugin.tsx, give the same pages): `limit` changes after `cursor`. Throws the same 400, 404 and 410 errors.
 */
export async function readEntryHistory(
  db: Db,
  kind: NamedKind & { plural: string },
  id: string,
  { limit, cursor }: { limit: number; cursor?: string },
  withholdingKinds: readonly string[],
) {
  const binding = { list: `${kind.plural}/${id}/history`, filters: {}, keys: await cursorKeysOf(db) };
  const from = cursor ? readFixedOrderCursor(cursor, historyOrder, binding, changeNumber) : undefined;
  const [tombstone, rows, counted] = await Promise.all([
    tombstoneOf(db, kind.name, id),
    historyPage(db, kind.name, id, { after: from?.position, limit: limit + 1 }),
    from ? from.total : undefined,
  ]);
  if (tombstone?.action === 'withhold') throw refusalOf(kind.name, id, tombstone);
  if (!from && !rows.length) throw notFound(kind.name, id);
  // What names a withheld entry (a reference in a change's data) names it by its pseudonym.
  const data = await withoutWithheldData(db, rows.slice(0, limit), withholdingKinds);
  const total = counted ?? (rows.length <= limit ? rows.length : await historyLength(db, kind.name, id));
  const last = data.at(-1);
  return {
    data,
    total,
    total_exact: true,
    limit,
    next_cursor:
      rows.length > limit && last
        ? fixedOrderCursor(historyOrder, { v: String(last.id), i: '' }, total, binding)
        : null,
  };
}
