// A request body holding text PostgreSQL cannot store (the NUL character) is
// refused before validation, naming where it stands.
import type { FastifyRequest } from 'fastify';
import { invalidParameters } from '../domain/errors.js';
import { nulPath } from '../domain/text.js';

/** A preValidation hook: 400 for a body with a NUL character anywhere. */
export async function refuseNulInBody(request: FastifyRequest): Promise<void> {
  const path = nulPath(request.body);
  if (path) throw invalidParameters([{ in: 'body', name: path, message: 'must not contain the NUL character' }]);
}
