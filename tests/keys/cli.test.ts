// npm run keys, as an operator of the directory uses it, against a real database.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { keysUsage, parseKeysCommand } from '../../src/cli/keys-command.js';
import { testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';

let app: App;
let databaseUrl: string;
beforeAll(async () => {
  ({ app, databaseUrl } = await testApp());
});

const keys = (...args: string[]) => runCli('keys.ts', args, { DATABASE_URL: databaseUrl });

describe('npm run keys', () => {
  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const created = keys('create', '--name', 'Rédaction Picardie', '--scope', 'write');
    expect(created.status).toBe(0);
    const key = created.stdout.split('\n').find((l) => l.startsWith('plt_'))!;
    expect(key).toMatch(/^plt_[0-9a-f]{8}_[\w-]{32}$/);

    const write = (k: string) =>
      app.inject({ method: 'DELETE', url: '/v1/sites/ipg-roubaix', headers: { authorization: `Bearer ${k}` } });
    // Authenticated, so the request reaches its precondition check.
    expect((await write(key)).statusCode).toBe(428);

    const listed = keys('list');
    expect(listed.status).toBe(0);
    const prefix = key.split('_').slice(0, 2).join('_');
    expect(listed.stdout).toContain(prefix);
    expect(listed.stdout).toContain('Rédaction Picardie');
    expect(listed.stdout).not.toContain(key);

    const revoked = keys('revoke', prefix);
    expect(revoked.status).toBe(0);
    expect((await write(key)).statusCode).toBe(403);
    expect(keys('list').stdout).toMatch(/revoked/);
  }, 60_000);

  it('refuses a command line it cannot understand, saying why, with usage, and exits 2', () => {
    const run = keys('create', '--name', 'x', '--scope', 'root');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`create needs --scope write or admin\n${keysUsage}\n`);
    expect(keysUsage).toMatch(/^usage: npm run keys -- create --name <name> --scope write\|admin\n/);
  });

  // What each command line is refused for, read in this process by the function the command calls.
  it.each([
    [[], 'no command given'],
    [['create', '--name', 'x'], 'create needs --scope write or admin'],
    [['create', '--scope', 'write'], 'create needs --name'],
    [['create', '--name', 'x', '--scope', 'root'], 'create needs --scope write or admin'],
    [['rotate'], 'cannot understand: rotate'],
    [['create', '--name', 'x', '--name', 'y', '--scope', 'write'], '--name is given twice: give it once'],
  ])('refuses %j', (args, message) => {
    expect(() => parseKeysCommand(args)).toThrow(new Error(message));
  });

  it('says so when revoking a key that does not exist', () => {
    const run = keys('revoke', 'plt_00000000');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("no key has the id or prefix 'plt_00000000'");
  });
});
