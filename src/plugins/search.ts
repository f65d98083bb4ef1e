import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { filterDeclarations } from '../listing/search-filters.js';
import { SearchEngine } from '../search/engine.js';
import { indexedKinds } from '../search/indexed-words.js';
import { Indexer } from '../search/indexer.js';
import { SearchService } from '../search/service.js';
import { indexerConnection } from '../search/sync.js';
import { WithheldIds } from '../search/withheld-ids.js';

export interface SearchOptions {
  /** Set by buildApp from its own databaseUrl. */
  databaseUrl?: string;
  host: string;
  apiKey: string | undefined;
  indexName: string;
  /** Run the outbox indexer in this process (the server does; tests drive it by hand). */
  runIndexer: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** (`search` is taken: fastify's shorthand for the SEARCH method.) */
    directorySearch: { engine: SearchEngine; service: SearchService; indexer: Indexer; withheld: WithheldIds };
  }
}

/** Meilisearch behind the API: the search service, and the indexer that feeds it. */
export default fp(
  async function searchPlugin(app: FastifyInstance, options: SearchOptions) {
    const engine = new SearchEngine({ host: options.host, apiKey: options.apiKey, indexName: options.indexName });
    // Withheld entries, followed from their commit on: no hit of one is served while the index still holds it.
    const withheld = new WithheldIds(app.database.db, app.kinds);
    const service = new SearchService(
      app.database.db,
      engine,
      app.log,
      filterDeclarations(app.kinds),
      undefined,
      withheld,
      indexedKinds(app.kinds),
    );
    const connection = indexerConnection(options.databaseUrl ?? '');
    const indexer = new Indexer(connection, engine, app.log);
    app.decorate('directorySearch', { engine, service, indexer, withheld });
    // Start-up waits for the first reading (a round trip), but not on a database that does not answer (it would hold
    // `/ready` back): after a second, hits rely on the index alone, which the outbox has cleared of what was withheld
    // before this start but for its last second of lag, until the reading lands.
    app.addHook('onReady', async () => {
      const started = withheld.start(app.database.sql, (err) =>
        app.log.error({ err }, 'the withheld entries could not be read'),
      );
      await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    });
    if (options.runIndexer) app.addHook('onReady', async () => indexer.start());
    app.addHook('onClose', async () => {
      service.close();
      await withheld.stop();
      await indexer.stop();
      await connection.close();
      await engine.close();
    });
  },
  { name: 'search', dependencies: ['db'] },
);
