// A company BODACC's import made from notices alone (its operator, its proceedings) is withheld when a later Sirene
// stock says its SIREN is not to be published (P), as BODACC's import leaves out a company Sirene already said so
// of: what is withheld does not depend on which file came first. Shown again when a newer stock publishes it (O).
// Against a real PostgreSQL.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { testApp } from '../setup/app.js';
import { importFixtures, legalUnits, stockCsv } from '../setup/sirene.js';

const actor = { keyId: null, name: 'import:bodacc test' };
let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-then-sirene-'));
});

/** The fixtures' stock with the legal unit 855555553 (Antilles Relation Client) of `status`, read as `month`'s. */
const sirene = async (month: string, status: 'O' | 'P') => {
  const file = path.join(dir, `units-${month}.csv`);
  await writeFile(file, (await readFile(legalUnits, 'utf8')).replace('855555553,O,', `855555553,${status},`));
  return importFixtures(db, stockCsv, { legalUnits: file, stockMonth: month });
};
const status = async (url: string) => (await app.inject({ method: 'GET', url })).statusCode;

describe('BODACC first, then a Sirene stock saying the company is not to be published', () => {
  let operator: string;
  let proceeding: string;

  it('BODACC creates the company and its proceeding from a notice', async () => {
    const lines = (await readFile('tests/fixtures/bodacc/reimport-file2.csv', 'utf8')).split('\n');
    const opening = lines.find((l) => l.startsWith('A202500307001'))!;
    const file = path.join(dir, 'antilles.csv');
    await writeFile(
      file,
      `${lines[0]}\n${opening.replaceAll('912 345 600', '855 555 553').replaceAll('912345600', '855555553')}\n`,
    );
    const report = await importBodacc(db, { file, actor });
    expect([report.applied, report.operators.created, report.proceedings.created]).toEqual([true, 1, 1]);
    const idOf = async (query: ReturnType<typeof sql>) => (await db.execute<{ id: string }>(query)).map((r) => r.id);
    [operator = ''] = await idOf(sql`select id from operators where siren = '855555553'`);
    [proceeding = ''] = await idOf(sql`select id from proceedings where operator_id = ${operator}`);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      200, 200,
    ]);
  });

  it('withholds them when a stock says its SIREN is P, as BODACC leaves such a company out', async () => {
    const report = await sirene('2026-06', 'P');
    expect(report.applied).toBe(true);
    const identifier = 'SIREN 855555553';
    expect(report.withheld.filter((w) => w.kind !== 'site')).toEqual([
      { kind: 'operator', entry: operator, identifier },
      { kind: 'proceeding', entry: proceeding, identifier },
    ]);
    expect(report.nonDiffusibleElsewhere).toEqual([]);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      410, 410,
    ]);
    const listed = await app.inject({ method: 'GET', url: '/v1/proceedings?limit=100' });
    expect(listed.json().data.map((p: { id: string }) => p.id)).not.toContain(proceeding);
  });

  it('shows them again when a newer stock publishes it', async () => {
    const report = await sirene('2026-07', 'O');
    expect(report.shownAgain.filter((w) => w.kind !== 'site')).toEqual([
      { kind: 'operator', entry: operator, identifier: 'SIREN 855555553' },
      { kind: 'proceeding', entry: proceeding, identifier: 'SIREN 855555553' },
    ]);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      200, 200,
    ]);
  });
});
