// JSON request bodies, read by Fastify's own parser (prototype poisoning
// refused), except that an empty body is no body: `DELETE` with
// `content-type: application/json` and nothing after it, as many HTTP clients
// send, is accepted, and a route that needs a body says it is missing. The
// size limit is the server's `bodyLimit` (plugins/connections.ts), or a
// route's own. JSON is the only body the API reads: Fastify's default
// text/plain parser is removed, so a text body is a 415 like any other type.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export default fp(
  async function jsonBodyPlugin(app: FastifyInstance) {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      // parseAs 'string' gives a string.
      const text = body as string;
      if (text.length === 0) return done(null, undefined);
      parse(request, text, done);
    });
  },
  { name: 'json-body' },
);
