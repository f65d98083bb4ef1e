// npm run keys -- create --name <name> --scope write|admin
//                 list
//                 revoke <id or prefix>
// Works on the same data as `npm start`, whether or not the API is running.
import { loadConfig } from '../config.js';
import { prepareDatabase } from '../database.js';
import { connect } from '../db/client.js';
import { textRefusal } from '../domain/text.js';
import { createKey, listKeys, revokeKey, type Scope, scopes } from '../keys/api-keys.js';
import { startServices } from '../runtime.js';
import { parseArguments } from './arguments.js';
import { printLines } from './output.js';

const usage = `usage: npm run keys -- create --name <name> --scope ${scopes.join('|')}
       npm run keys -- list
       npm run keys -- revoke <id or prefix>`;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { positionals, values } = parseArguments(argv, { name: { type: 'string' }, scope: { type: 'string' } });
  const [command, ...rest] = positionals;
  if (command === 'create') {
    if (!values.name?.trim()) throw new UsageError('create needs --name');
    const refused = textRefusal(values.name, false);
    if (refused) throw new UsageError(`--name ${refused}`);
    if (!scopes.includes(values.scope as Scope)) throw new UsageError(`create needs --scope ${scopes.join(' or ')}`);
    if (rest.length) throw new UsageError(`unexpected argument: ${rest.join(' ')}`);
    return { command, name: values.name.trim(), scope: values.scope as Scope } as const;
  }
  if (command === 'list' && !rest.length) return { command } as const;
  if (command === 'revoke' && rest.length === 1) return { command, key: rest[0]! } as const;
  throw new UsageError(command ? `cannot understand: ${[command, ...rest].join(' ')}` : 'no command given');
}

async function main() {
  let request: ReturnType<typeof parse>;
  try {
    request = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
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
          process.stderr.write(`no key has the id or prefix '${request.key}'\n`);
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
    process.stderr.write(`keys failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
