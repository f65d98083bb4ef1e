// Security headers on every response, set by helmet: nosniff, no framing,
// HSTS, no referrer, and a Content-Security-Policy. API responses are data
// and get a policy that allows nothing; the docs page (Swagger UI, served from
// this origin by plugins/openapi.ts under /docs) gets one that allows its own
// scripts, styles and images and nothing from elsewhere.
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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

export default fp(
  async function securityHeadersPlugin(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      if (route.url === docsPrefix || route.url.startsWith(`${docsPrefix}/`)) {
        route.helmet = { contentSecurityPolicy: docsPolicy };
      }
    });
    await app.register(helmet, {
      contentSecurityPolicy: apiPolicy,
      // Reads are public, from any origin (see plugins/cors.ts).
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    } satisfies FastifyHelmetOptions);
  },
  { name: 'security-headers' },
);
