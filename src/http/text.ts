// Text as it enters through HTTP: a body, query or path holding a character the directory keeps in no text (a
// control character, a lone surrogate…: domain/text.ts `textRefusal`) is refused before validation, naming where
// it stands; every string of the body and the query is put in Unicode NFC; a query parameter that is not
// percent-encoded UTF-8 (`%FF`, `%C3%28`, a `%` alone), which the query parser keeps as written, is refused too.
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

/**
 * How `text` (a URL, a segment, a query parameter's name or value, as received) is not percent-encoded UTF-8: its
 * first `%` not followed by two hexadecimal digits (`escape`, as written with what follows it: `%zz`, `%` alone); else
 * its first run of escapes whose bytes are no UTF-8 text (`bytes`: `%E9`, the Latin-1 « é »; `%C3%28`); null when it
 * decodes.
 */
export function percentFault(text: string): PercentFault | null {
  const broken = /%(?![0-9A-Fa-f]{2})/.exec(text);
  if (broken) return { escape: text.slice(broken.index, broken.index + 3) };
  for (const [run] of text.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    try {
      decodeURIComponent(run);
    } catch {
      return { bytes: run.length > 24 ? `${run.slice(0, 24)}…` : run };
    }
  }
  return null;
}

/** Which fault makes a text not percent-encoded UTF-8 (`percentFault`). */
export type PercentFault = { escape: string } | { bytes: string };

/**
 * What a query parameter's name or value, or a path parameter, that is not percent-encoded UTF-8 is told, naming
 * which fault it is (`percentFault`): the one rule of the API's problems (`refuseMalformedQuery`, the path's in
 * app.ts) and, through the French of pages/field-errors.ts, of every page's parameters. « must be percent-encoded
 * UTF-8: '%zz' is a '%' not followed by two hexadecimal digits »; « …: the bytes %E9 are no UTF-8 text (a link
 * written in another encoding, such as Latin-1?) ».
 */
export function percentFaultMessage(fault: PercentFault): string {
  return 'escape' in fault
    ? `must be percent-encoded UTF-8: '${fault.escape}' is a '%' not followed by two hexadecimal digits`
    : `must be percent-encoded UTF-8: the bytes ${fault.bytes} are no UTF-8 text (a link written in another encoding, such as Latin-1?)`;
}

/** `text` of a query string decoded, or null when it is not percent-encoded UTF-8. */
function decodedQueryText(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

/**
 * 400 (a DomainError) naming the first query parameter of `url` (as received: `request.url`) whose name or value is
 * not percent-encoded UTF-8, and which fault it is (`percentFaultMessage`): a `%` not followed by two hexadecimal
 * digits (`%zz`, `100%`), or bytes that are no UTF-8 text (`%E9`, `%C3%28`, an encoded lone surrogate `%ED%A0%80`).
 * The query parser keeps such text as written, which a search or a filter would then take for the text meant
 * (« %C3%28 » found nowhere: an empty answer instead of a refusal). The parameter is named decoded when its name
 * decodes, else as written. A query without `%` is not walked.
 */
export function refuseMalformedQuery(url: string): void {
  const at = url.indexOf('?');
  if (at < 0 || url.indexOf('%', at) < 0) return;
  for (const pair of url.slice(at + 1).split('&')) {
    if (!pair.includes('%')) continue;
    const equals = pair.indexOf('=');
    const key = equals < 0 ? pair : pair.slice(0, equals);
    const fault = percentFault(key) ?? (equals >= 0 ? percentFault(pair.slice(equals + 1)) : null);
    if (fault) {
      const name = decodedQueryText(key) ?? key;
      throw invalidParameters([{ in: 'query', name, message: percentFaultMessage(fault) }]);
    }
  }
}

/**
 * The path parameter of `url` (as received: `request.url`) whose segment is not percent-encoded UTF-8 (`%FF`, `%zz`),
 * which the router refuses before any route's schema sees it, and its fault (`percentFault`): the name (`id`) a route
 * of `routeUrls` (`/v1/sites/:id`, as registered) gives the first such segment, its other fixed segments as the path's
 * (name null when no route has a parameter there: the path itself is then malformed); null when the path decodes.
 */
export function malformedPathParameter(
  routeUrls: Iterable<string>,
  url: string,
): { name: string | null; fault: PercentFault } | null {
  const segments = (url.split('?')[0] ?? '').split('/');
  if (segments.length > 2 && segments.at(-1) === '') segments.pop();
  const decoded = segments.map(decodedQueryText);
  const at = decoded.indexOf(null);
  if (at < 0) return null;
  const fault = percentFault(segments[at]!) ?? { escape: '%' };
  for (const route of routeUrls) {
    const parts = route.split('/');
    if (parts.length !== segments.length || !parts[at]?.startsWith(':')) continue;
    if (parts.every((part, i) => part.startsWith(':') || part === decoded[i]))
      return { name: parts[at].slice(1), fault };
  }
  return { name: null, fault };
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
 * A preValidation hook, the request's text made storable: the query string percent-encoded UTF-8
 * (`refuseMalformedQuery`), then `normalizeText` and `refuseUnstorableText`, skipped when the body, the query and
 * the path hold plain ASCII only (nothing then to refuse nor normalise).
 */
export function checkRequestText(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  try {
    refuseMalformedQuery(request.url);
  } catch (error) {
    done(error as Error);
    return;
  }
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
