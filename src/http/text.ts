// Text as it enters through HTTP: a body, query or path holding a character the directory keeps in no text (a
// control character, a lone surrogate…: domain/text.ts `textRefusal`) is refused before validation, naming where
// it stands; every string of the body and the query is put in Unicode NFC.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { invalidParameters } from '../domain/errors.js';
import { refusedText, toNfc } from '../domain/text.js';

/**
 * The body's and the query's text in Unicode NFC, CR LF line ends as LF (domain/text.ts `toNfc`), so that a name
 * typed with combining accents is the name typed precomposed. Imports apply the same rule to their rows.
 */
export function normalizeText(request: FastifyRequest): void {
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
 * 400 (a DomainError) for a character the directory keeps in no text (domain/text.ts `refusedText`: a control
 * character, a line break outside a field of several lines, U+FFFE, a lone surrogate…) anywhere in the body, the
 * query or the path's parameters, naming the field or parameter, so that no such text is stored or echoed (a
 * filter's value included).
 */
export function refuseUnstorableText(request: FastifyRequest): void {
  for (const [part, of] of requestParts) {
    const refused = refusedText(of(request));
    if (refused) throw invalidParameters([{ in: part, name: refused.path, message: refused.message }]);
  }
}

/** Printable ASCII: no control character, no lone surrogate, and already in NFC. */
const plainText = /^[\x20-\x7e]*$/;

/**
 * Whether a part of a request is nothing, or a flat record (a query, a path's parameters) whose keys and values
 * (strings, or lists of strings for a repeated parameter) are all `plainText`: then neither hook below has
 * anything to refuse or change, and the walks are skipped (most reads).
 */
function plainPart(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'object') return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || !plainText.test(key)) return false;
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'string') {
      if (!plainText.test(item)) return false;
    } else if (Array.isArray(item)) {
      for (const each of item) if (typeof each !== 'string' || !plainText.test(each)) return false;
    } else return false;
  }
  return true;
}

/**
 * A preValidation hook, the request's text made storable: `normalizeText` then `refuseUnstorableText`, skipped
 * when the body, the query and the path hold plain ASCII only (nothing then to refuse nor normalise).
 */
export function checkRequestText(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (plainPart(request.body) && plainPart(request.query) && plainPart(request.params)) {
    done();
    return;
  }
  try {
    // Normalised first: a CR LF line end is a line break (LF), a carriage return alone is refused.
    normalizeText(request);
    refuseUnstorableText(request);
  } catch (error) {
    done(error as Error);
    return;
  }
  done();
}
