// Text as it enters through HTTP: a body, query or path holding text PostgreSQL
// cannot store (the NUL character, a lone surrogate) is refused before
// validation, naming where it stands; every string of the body and the query is put in Unicode NFC.
import type { FastifyRequest } from 'fastify';
import { invalidParameters } from '../domain/errors.js';
import { loneSurrogateMessage, loneSurrogatePath, nulPath, toNfc } from '../domain/text.js';

/**
 * A preValidation hook: the body's and the query's text in Unicode NFC (domain/text.ts `toNfc`), so that a name
 * typed with combining accents is the name typed precomposed. Imports apply the same rule to their rows.
 */
export async function normalizeText(request: FastifyRequest): Promise<void> {
  if (request.body !== undefined) request.body = toNfc(request.body);
  if (request.query && typeof request.query === 'object') request.query = toNfc(request.query);
}

/** Where request text comes in, as a problem's `errors[].in` names it. */
const requestParts = [
  ['body', (request: FastifyRequest) => request.body],
  ['query', (request: FastifyRequest) => request.query],
  ['path', (request: FastifyRequest) => request.params],
] as const;

/**
 * A preValidation hook: 400 for a NUL character or a lone surrogate anywhere in the body, the query or the path's
 * parameters, naming the field or parameter, so that no such text reaches PostgreSQL (a filter's value included).
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  for (const [part, of] of requestParts) {
    const value = of(request);
    const path = nulPath(value);
    if (path) throw invalidParameters([{ in: part, name: path, message: 'must not contain the NUL character' }]);
    const half = loneSurrogatePath(value);
    if (half) throw invalidParameters([{ in: part, name: half, message: loneSurrogateMessage }]);
  }
}
