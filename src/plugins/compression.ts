// Compressed answers (@fastify/compress): JSON, problem bodies, CSV and JSON
// lines exports (streamed as they are compressed), text pages and the docs
// page's scripts, in the encoding the client accepts (zstd where Node has it,
// br, gzip, deflate), from 1 KiB up. Request bodies are not decompressed: they are small JSON.
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** text/*, anything JSON or XML (`+json`, `+xml` included), JSON lines exports, scripts. */
const compressible = /^text\/|[/+](?:json|xml)(?:;|$)|^application\/(?:x-ndjson|javascript)(?:;|$)/;

export default fp(
  async function compressionPlugin(app: FastifyInstance) {
    await app.register(compress, {
      globalCompression: true,
      globalDecompression: false,
      customTypes: compressible,
    });
  },
  { name: 'compression' },
);
