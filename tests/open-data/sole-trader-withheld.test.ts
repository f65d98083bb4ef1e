// A sole trader (entrepreneur individuel: his company bears his name) whom a BODACC notice names as a natural person
// (`typePersonne` « pp ») and no Sirene stock classified (no `--unites-legales` read: no legal category 1000): when a
// stock says one of his establishments is not to be published (statutDiffusionEtablissement P), what BODACC made of
// him (his operator, his proceeding) is withheld, as it is for a company whose SIREN is P, and shown again when a newer
// stock publishes it; the other way round, BODACC's import leaves him out. A legal person's establishment P hides
// nothing of the company. Against a real PostgreSQL.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { importSirene } from '../../src/open-data/sirene/import.js';
import { testApp } from '../setup/app.js';
import { csv, establishment, actor as sireneActor, sirenOf, siretOf, stockHeader } from '../setup/sirene.js';

const actor = { keyId: null, name: 'import:bodacc test' };
let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sole-trader-'));
});

/**
 * The opening notice of reimport-file2.csv (« ROUEN APPELS », a legal person) made a notice of SIREN `siren`, naming a
 * natural person (`typePersonne` « pp », DURAND Paul) unless `legal`, as a BODACC file of its own.
 */
async function openingOf(siren: string, legal = false) {
  const lines = (await readFile('tests/fixtures/bodacc/reimport-file2.csv', 'utf8')).split('\n');
  const opening = lines.find((l) => l.startsWith('A202500307001'))!;
  const spaced = `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`;
  const person = legal
    ? opening
    : opening
        .replace(
          '""typePersonne"": ""pm"", ""denomination"": ""ROUEN APPELS"", ""formeJuridique"": ""SAS"",',
          '""typePersonne"": ""pp"", ""nom"": ""DURAND"", ""prenom"": ""Paul"",',
        )
        .replace(';ROUEN APPELS;', ';DURAND Paul;');
  const file = path.join(dir, `opening-${siren}.csv`);
  await writeFile(file, `${lines[0]}\n${person.replaceAll('912 345 600', spaced).replaceAll('912345600', siren)}\n`);
  return file;
}

/** A stock of the one establishment `siret` of `status`, read as `month`'s, without its legal units. */
async function stock(siret: string, status: 'O' | 'P', month: string) {
  const row = establishment({ siret, enseigne: 'DURAND APPELS', code: '76540', postal: '76000', commune: 'ROUEN' });
  const cells = row.split(',');
  cells[stockHeader.indexOf('statutDiffusionEtablissement')] = status;
  return importSirene(db, {
    establishments: await csv(dir, `stock-${siret}-${month}.csv`, stockHeader, [cells.join(',')]),
    naf: ['82.20Z'],
    stockMonth: month,
    actor: sireneActor,
  });
}

const idsOf = async (query: ReturnType<typeof sql>) => (await db.execute<{ id: string }>(query)).map((r) => r.id);
const status = async (url: string) => (await app.inject({ method: 'GET', url })).statusCode;

describe('BODACC first, then a stock saying an establishment of the sole trader is not to be published', () => {
  const siren = sirenOf('97600005');
  const siret = siretOf(siren, '0001');
  let operator = '';
  let proceeding = '';

  it('BODACC makes his operator and proceeding, of no legal category', async () => {
    const report = await importBodacc(db, { file: await openingOf(siren), actor });
    expect([report.applied, report.operators.created, report.proceedings.created]).toEqual([true, 1, 1]);
    [operator = ''] = await idsOf(sql`select id from operators where siren = ${siren} and legal_category is null`);
    [proceeding = ''] = await idsOf(sql`select id from proceedings where operator_id = ${operator}`);
    expect(operator).toBe('paul-durand');
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      200, 200,
    ]);
  });

  it('withholds both when a stock says his establishment is P', async () => {
    const report = await stock(siret, 'P', '2026-08');
    expect(report.applied).toBe(true);
    expect(report.withheld).toEqual([
      { kind: 'operator', entry: operator, identifier: `SIRET ${siret}` },
      { kind: 'proceeding', entry: proceeding, identifier: `SIRET ${siret}` },
    ]);
    expect(report.nonDiffusibleElsewhere).toEqual([]);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      410, 410,
    ]);
    const listed = (await app.inject({ method: 'GET', url: '/v1/proceedings?limit=100' })).json();
    expect(listed.data.map((p: { id: string }) => p.id)).not.toContain(proceeding);
  });

  it('shows both again when a newer stock publishes the establishment', async () => {
    const report = await stock(siret, 'O', '2026-09');
    // Named by the SIREN: no SIRET of his is non-diffusible any more.
    expect(report.shownAgain).toEqual([
      { kind: 'operator', entry: operator, identifier: `SIREN ${siren}` },
      { kind: 'proceeding', entry: proceeding, identifier: `SIREN ${siren}` },
    ]);
    expect([await status(`/v1/operators/${operator}`), await status(`/v1/proceedings/${proceeding}`)]).toEqual([
      200, 200,
    ]);
  });
});

describe('a stock saying an establishment of the sole trader is not to be published, then BODACC', () => {
  it('leaves him out of the BODACC import: no operator, no proceeding', async () => {
    const siren = sirenOf('97600013');
    expect((await stock(siretOf(siren, '0001'), 'P', '2026-10')).applied).toBe(true);
    const report = await importBodacc(db, { file: await openingOf(siren), actor });
    expect(report.nonDiffusible).toEqual({ sirens: 1, notices: 1, byEstablishment: 1 });
    expect([report.operators.created, report.proceedings.created]).toEqual([0, 0]);
    expect(await idsOf(sql`select id from operators where siren = ${siren}`)).toEqual([]);
  });
});

describe('a legal person whose establishment is not to be published', () => {
  it('keeps the company BODACC made, shown', async () => {
    const siren = sirenOf('97600021');
    expect((await importBodacc(db, { file: await openingOf(siren, true), actor })).operators.created).toBe(1);
    const report = await stock(siretOf(siren, '0001'), 'P', '2026-11');
    expect(report.withheld).toEqual([]);
    const [operator = ''] = await idsOf(sql`select id from operators where siren = ${siren}`);
    expect(await status(`/v1/operators/${operator}`)).toBe(200);
  });
});
