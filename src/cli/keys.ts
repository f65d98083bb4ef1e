// npm run keys -- create --name <name> --scope write|admin
//                 list
//                 revoke <id or prefix>
// Works on the same data as `npm start`, whether or not the API is running.
import { loadConfig } from '../config.js';
import { prepareDatabase } from '../database.js';
import { connect } from '../db/client.js';
import { createKey, listKeys, revokeKey } from '../keys/api-keys.js';
import { startServices } from '../runtime.js';
import { keysUsage, parseKeysCommand } from './keys-command.js';
import { ownLines, printLines } from './output.js';

async function main() {
  let request: ReturnType<typeof parseKeysCommand>;
  try {
    request = parseKeysCommand(process.argv.slice(2));
  } catch (error) {
    printLines(process.stderr, ownLines(`${(error as Error).message}\n${keysUsage}`));
    process.exit(2);
  }
  const config = loadConfig();
  const services = await startServices(config, () => {}, { search: false });
  try {
    await prepareDatabase(services.databaseUrl);
    const database = connect(services.databaseUrl, { max: 1 });
    try {
      if (request.command === 'create') {
        const key = await createKey(database.db, request);
        process.stdout.write(
          `created key '${key.name}' (${key.scope}), id ${key.id}\n${key.key}\nKeep it now: it is not shown again.\n`,
        );
      } else if (request.command === 'list') {
        const keys = await listKeys(database.db);
        if (!keys.length) process.stdout.write('no keys\n');
        for (const k of keys) {
          const state = k.revoked_at ? `revoked ${k.revoked_at.toISOString()}` : 'active';
          const used = k.last_used_at ? `last used ${k.last_used_at.toISOString()}` : 'never used';
          printLines(process.stdout, [
            `${k.prefix}  ${k.scope.padEnd(5)}  ${state.padEnd(32)}  ${used.padEnd(34)}  ${k.name}  (${k.id})`,
          ]);
        }
      } else {
        const revoked = await revokeKey(database.db, request.key);
        if (!revoked) {
          printLines(process.stderr, [`no key has the id or prefix '${request.key}'`]);
          return 1;
        }
        printLines(process.stdout, [`revoked key '${revoked.name}' (${revoked.prefix})`]);
      }
    } finally {
      await database.close();
    }
  } finally {
    await services.stop();
  }
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    printLines(process.stderr, ownLines(`keys failed: ${error instanceof Error ? error.message : String(error)}`));
    process.exit(1);
  });
