import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { connect, type Database } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}

/** The PostgreSQL connection pool, closed with the app. */
export default fp(
  async function dbPlugin(app: FastifyInstance, options: { databaseUrl: string }) {
    const database = connect(options.databaseUrl);
    app.decorate('database', database);
    app.addHook('onClose', async () => {
      await database.close();
    });
  },
  { name: 'db' },
);
