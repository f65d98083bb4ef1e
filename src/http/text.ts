// Text as it enters through HTTP: a request body holding text PostgreSQL cannot
// store (the NUL character, a lone surrogate) is refused before validation,
// naming where it stands; every string of the body and the query is put in Unicode NFC.
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

/** A preValidation hook: 400 for a body with a NUL character or a lone surrogate anywhere. */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const path = nulPath(request.body);
  if (path) throw invalidParameters([{ in: 'body', name: path, message: 'must not contain the NUL character' }]);
  const half = loneSurrogatePath(request.body);
  if (half) throw invalidParameters([{ in: 'body', name: half, message: loneSurrogateMessage }]);
}
