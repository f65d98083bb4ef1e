// npm run import:practitioners reports every bad row at once, `--dry-run` included: a row the row checks refuse
// (its profession) no longer hides one the file's checks refuse (a firm's SIRET a site holds), which ran only once
// no row had failed the first ones (fault 09 of issue 11's hostile check, /tmp/verify11/faults-b).
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { testApp } from '../setup/app.js';
import { runCli } from '../setup/cli.js';
import { createSite } from '../setup/factories.js';

const fixture = 'tests/fixtures/practitioners/two-bad-rows.csv';
const actor = { keyId: null, name: 'import:practitioners test' };
let db: Db;
let databaseUrl: string;
beforeAll(async () => {
  ({ db, databaseUrl } = await testApp());
  await createSite(db, { id: 'allo-nord-81234567600017', name: 'Allo Nord', siret: '81234567600017' });
});

const changes = async () =>
  Number((await db.execute<{ n: number }>(sql`select count(*)::int as n from changes`))[0]!.n);

describe('import:practitioners, two bad rows of different kinds', () => {
  const expected = [
    { line: 2, errors: [{ field: 'profession', message: 'must be AJ or MJ' }] },
    {
      line: 3,
      errors: [
        {
          field: 'siret_structure',
          message: "81234567600017 is already the SIRET of the site 'allo-nord-81234567600017'",
        },
      ],
    },
  ];

  it('reports both, in a dry run and a real one, and applies nothing', async () => {
    const before = await changes();
    const dry = await importPractitioners(db, { file: fixture, actor, dryRun: true });
    expect(dry.rejected).toEqual(expected);
    expect(dry.applied).toBe(false);
    const real = await importPractitioners(db, { file: fixture, actor });
    expect(real.rejected).toEqual(expected);
    expect(real.applied).toBe(false);
    expect(await changes()).toBe(before);
  });

  it('counts both in the command’s summary', () => {
    const run = runCli('import-practitioners.ts', [fixture, '--dry-run'], { DATABASE_URL: databaseUrl });
    expect(run.stdout).toBe('rows: 2, 2 of them refused\n(dry run: nothing applied)\n');
    expect(run.stderr).toBe(
      'line 2: profession: must be AJ or MJ\n' +
        "line 3: siret_structure: 81234567600017 is already the SIRET of the site 'allo-nord-81234567600017'\n",
    );
    expect(run.status).toBe(1);
  }, 60_000);
});
