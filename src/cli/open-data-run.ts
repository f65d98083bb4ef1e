// What the open-data import CLIs share: reaching the database (started when bundled), running the import, closing
// everything, and the exit status and messages of a failure (nothing applied).
import { loadConfig } from '../config.js';
import { prepareDatabase } from '../database.js';
import type { Db } from '../db/client.js';
import { connect } from '../db/client.js';
import { ImportFileError } from '../import/read.js';
import { startServices } from '../runtime.js';

/**
 * Runs `work` over the directory's database (migrated first), then exits with the status it returns; a file that
 * cannot be read, or any failure, exits 1 with « import failed, nothing applied: … ».
 */
export function runOpenDataImport(work: (db: Db) => Promise<number>): void {
  const main = async () => {
    const services = await startServices(loadConfig(), () => {}, { search: false });
    try {
      await prepareDatabase(services.databaseUrl);
      const database = connect(services.databaseUrl, { max: 2 });
      try {
        return await work(database.db);
      } finally {
        await database.close();
      }
    } finally {
      await services.stop();
    }
  };
  main()
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      const message = error instanceof ImportFileError || error instanceof Error ? error.message : String(error);
      process.stderr.write(`import failed, nothing applied: ${message}\n`);
      process.exit(1);
    });
}
