// What `npm run keys` is asked to do, read from its command line (keys.ts), apart so that the tests read command
// lines without starting the command.
import { textRefusal } from '../domain/text.js';
import { type Scope, scopes } from '../keys/api-keys.js';
import { parseArguments } from './arguments.js';

/** How `npm run keys` is used: printed, after what is wrong, for a command line it cannot understand (exit 2). */
export const keysUsage = `usage: npm run keys -- create --name <name> --scope ${scopes.join('|')}
       npm run keys -- list
       npm run keys -- revoke <id or prefix>`;

/**
 * The request of a command line of `npm run keys` (its arguments, without node's and the script's); throws an Error
 * saying what is wrong with any other (« create needs --name », « --name is given twice: give it once »).
 */
export function parseKeysCommand(argv: string[]) {
  const { positionals, values } = parseArguments(argv, { name: { type: 'string' }, scope: { type: 'string' } });
  const [command, ...rest] = positionals;
  if (command === 'create') {
    if (!values.name?.trim()) throw new Error('create needs --name');
    const refused = textRefusal(values.name, false);
    if (refused) throw new Error(`--name ${refused}`);
    if (!scopes.includes(values.scope as Scope)) throw new Error(`create needs --scope ${scopes.join(' or ')}`);
    if (rest.length) throw new Error(`unexpected argument: ${rest.join(' ')}`);
    return { command, name: values.name.trim(), scope: values.scope as Scope } as const;
  }
  if (command === 'list' && !rest.length) return { command } as const;
  if (command === 'revoke' && rest.length === 1) return { command, key: rest[0]! } as const;
  throw new Error(command ? `cannot understand: ${[command, ...rest].join(' ')}` : 'no command given');
}
