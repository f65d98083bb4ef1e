// Security headers on every response, as helmet makes them: nosniff, no
// framing, HSTS, no referrer, and a Content-Security-Policy. API responses are
// data and get a policy that allows nothing; the docs page (Swagger UI, served
// from this origin by plugins/openapi.ts under /docs) gets one that allows its
// own scripts, styles and images and nothing from elsewhere. Helmet's options
// never depend on the request, so each set of headers is made once, at start,
// and copied onto each response (helmet rebuilt them on every request).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/** Where plugins/openapi.ts serves the docs page and its assets. */
const docsPrefix = '/docs';

/** Nothing may be loaded, framed or submitted on behalf of a JSON or CSV answer. */
const apiPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * The web page's policy (src/pages/): its own styles, scripts and images only, no inline script or style, forms
 * sent to this origin only, never framed. Pages set it themselves as they send HTML (the 404 page of an unknown URL
 * has no route to hang it on).
 */
export const pageContentSecurityPolicy = [
  "default-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Helmet's default policy (scripts, styles and images of this origin; inline
 * styles, which Swagger UI sets), without `upgrade-insecure-requests`: the
 * API is also served over plain HTTP (a laptop, a private network), where that
 * directive would send the page's own assets to an HTTPS port that is not there.
 */
const docsPolicy = { useDefaults: true, directives: { upgradeInsecureRequests: null } };

/** Reads are public, from any origin (see plugins/cors.ts). */
const apiOptions: HelmetOptions = {
  contentSecurityPolicy: apiPolicy,
  crossOriginResourcePolicy: { policy: 'cross-origin' },
};

/** The headers helmet sets with these options, as [name, value] pairs, made by running it once on a blank response. */
export function helmetHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: string | number) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return [...headers];
}

/** An onRequest hook copying `headers` onto the raw response, as helmet does: a header the route sets itself wins. */
function setting(headers: [string, string][]) {
  return (_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  };
}

export default fp(
  async function securityHeadersPlugin(app: FastifyInstance) {
    const docs = setting(helmetHeaders({ ...apiOptions, contentSecurityPolicy: docsPolicy }));
    // Every answer gets the API's headers (an unknown URL's too); the docs page's own hook, which runs after, sets
    // its policy over them: decided once per route, nothing looked up per request.
    app.addHook('onRequest', setting(helmetHeaders(apiOptions)));
    app.addHook('onRoute', (route) => {
      if (route.url === docsPrefix || route.url.startsWith(`${docsPrefix}/`)) {
        route.onRequest = [...[route.onRequest ?? []].flat(), docs];
      }
    });
  },
  { name: 'security-headers' },
);
