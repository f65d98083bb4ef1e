// JSON request bodies: the bytes decoded as UTF-8 strictly (Node's TextDecoder, `fatal`: JSON exchanged between
// systems is UTF-8, RFC 8259 §8.1, whatever charset Content-Type names; a byte-order mark is dropped), then read by
// Fastify's own parser (prototype poisoning refused). Every refusal is worded here, naming what is wrong and where:
// bytes that are no UTF-8 (never stored as U+FFFD), the line and column where the JSON breaks (stream-json's
// verifier, run on the text again), a `__proto__` key as the unknown field it is, a key an object names twice (which
// value the client meant cannot be told: JSON.parse keeps the last, domain/repeated-keys.ts). An empty body is no body: `DELETE`
// with `content-type: application/json` and nothing after it, as many HTTP clients send, is accepted, and a route
// that needs a body says it is missing. The size limit is the server's `bodyLimit` (plugins/connections.ts), or a
// route's own. JSON is the only body the API reads: Fastify's default text/plain parser is removed, so a text body
// is a 415 like any other type.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import verifier from 'stream-json/utils/verifier.js';
import { type DomainError, invalidParameters } from '../domain/errors.js';
import { repeatedKey } from '../domain/repeated-keys.js';
import { AppError } from '../http/problems.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The offset of the first byte of `bytes` that begins or continues no UTF-8 character (`bytes` is not UTF-8). */
function firstMalformedByte(bytes: Uint8Array): number {
  // Up to the first replacement character the lenient decoder made, every character is the bytes it was.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let offset = 0;
  for (const char of text) {
    const encodedReplacement = bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd;
    if (char === '\uFFFD' && !encodedReplacement) return offset;
    offset += Buffer.byteLength(char);
  }
  return offset;
}

/** The refusal of a body that is not UTF-8: where its first malformed byte stands. */
function notUtf8(bytes: Uint8Array): AppError {
  const at = firstMalformedByte(bytes);
  const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return new AppError(
    'bad_request',
    `The body is not UTF-8 text, which JSON must be (RFC 8259), whatever charset Content-Type names: its byte ` +
      `0x${byte} at offset ${at} is no part of a UTF-8 character.`,
  );
}

/** The refusal of a text that is not JSON: the line and column where it breaks, or that it ends too soon. */
async function notJson(text: string): Promise<AppError> {
  const refused = (what: string) => new AppError('bad_request', `The body is not valid JSON: ${what}.`);
  if (!text.trim()) return refused('it holds no value, only white space');
  try {
    await pipeline(Readable.from([text]), verifier.asStream());
  } catch (error) {
    const { line, pos, offset } = error as { line?: unknown; pos?: unknown; offset?: unknown };
    if (typeof line === 'number' && typeof pos === 'number') {
      const what = (error as Error).message.replace(/^ERROR at .*?: Verifier (cannot parse input: |has )?/, '');
      if (offset === text.length) return refused(`line ${line}, column ${pos}: it ends before its value does`);
      return refused(`line ${line}, column ${pos}: ${what}`);
    }
  }
  return refused('it does not parse');
}

/**
 * The path (`citations.0.__proto__`) of the first key of a parsed body that Fastify's parser refuses as prototype
 * poisoning: `__proto__`, or `constructor` holding a `prototype`. None of the API's bodies has such a field.
 */
function poisonedKey(value: unknown, path: string[] = []): string[] | null {
  if (!value || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const holdsPrototype = item !== null && typeof item === 'object' && Object.hasOwn(item, 'prototype');
    if (key === '__proto__' || (key === 'constructor' && holdsPrototype)) return [...path, key];
    const found = poisonedKey(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Why Fastify's parser refused `text`, decoded UTF-8: a field no body has (`__proto__`), or JSON that breaks. */
async function refusal(text: string): Promise<AppError | DomainError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return notJson(text);
  }
  const key = poisonedKey(parsed);
  if (key) return invalidParameters([{ in: 'body', name: key.join('.'), message: 'is not a known field' }]);
  return notJson(text);
}

export default fp(
  async function jsonBodyPlugin(app: FastifyInstance) {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      // parseAs 'buffer' gives a Buffer.
      const bytes = body as Buffer;
      if (bytes.length === 0) return done(null, undefined);
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        return done(notUtf8(bytes));
      }
      parse(request, text, (error, value) => {
        if (error) return void refusal(text).then(done, done);
        // Only a body that parses is scanned again: a key given twice is named by its path (`citations.0.quote`).
        const twice = repeatedKey(text);
        if (twice === null) return done(null, value);
        done(invalidParameters([{ in: 'body', name: twice, message: 'is given twice in this body' }]));
      });
    });
  },
  { name: 'json-body' },
);
